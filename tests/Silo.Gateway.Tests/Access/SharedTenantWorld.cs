namespace Silo.Gateway.Tests.Access;

/// <summary>
/// One <see cref="TenantWorld"/> for a test class whose tests only read, or try what must change
/// nothing: starting a world costs a node and two tenants' seeding (about five seconds each time).
/// </summary>
public sealed class SharedTenantWorld : IAsyncLifetime
{
    private TenantWorld? _world;

    public TenantWorld World => _world ?? throw new InvalidOperationException("The shared world has not started.");

    public async ValueTask InitializeAsync() => _world = await TenantWorld.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_world is not null) await _world.DisposeAsync();
    }
}

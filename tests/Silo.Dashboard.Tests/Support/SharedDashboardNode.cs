using Silo.Testing;

namespace Silo.Dashboard.Tests.Support;

/// <summary>
/// One dashboard node on a database of its own for a test class whose tests only read from it (pages,
/// assets, keys refused): a node start costs about 1.7 s of CPU, so they share one.
/// </summary>
public class SharedDashboardNode : IAsyncLifetime
{
    private TestNode? _node;

    public TestDatabase Database { get; } = new();

    public TestNode Node => _node ?? throw new InvalidOperationException("The shared node has not started.");

    /// <summary>Settings the node starts with besides <see cref="DashboardNode"/>'s.</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>Rows every test of the class reads, written once the node has started.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        _node = await DashboardNode.StartAsync(Database, Settings);
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        await Database.DisposeAsync();
    }
}

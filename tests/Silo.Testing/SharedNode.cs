using Xunit;

namespace Silo.Testing;

/// <summary>
/// One node with the default test settings on a database of its own, for a test class whose tests only
/// need "a running node": a node start costs about 1.7 s of CPU, so they share one. The tests give
/// whatever they create their own names; a test that stops, kills or reconfigures a node starts its own.
/// </summary>
public class SharedNode : IAsyncLifetime
{
    private TestNode? _node;

    public TestDatabase Database { get; } = new();

    public TestNode Node => _node ?? throw new InvalidOperationException("The shared node has not started.");

    /// <summary>Settings the node starts with besides <see cref="TestNode"/>'s.</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        _node = await TestNode.StartAsync(Database.ConnectionString, settings: Settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>A <see cref="SharedNode"/> that serves the Orleans Dashboard, for tests that sign in to it or check who may see it.</summary>
public sealed class SharedNodeWithOrleansDashboard : SharedNode
{
    protected override Dictionary<string, string?> Settings => new([TestNode.WithOrleansDashboard]);
}

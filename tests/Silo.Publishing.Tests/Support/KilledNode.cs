using Silo.Testing;

namespace Silo.Publishing.Tests.Support;

/// <summary>
/// A node a test kills midway; disposing it again (at the end of the test, or after a failed
/// assertion) is a no-op, so a failing test never leaves a node behind to take the next test's grains.
/// </summary>
public sealed class KilledNode(TestNode node) : IAsyncDisposable
{
    private int _killed;

    public TestNode Node { get; } = node;

    /// <summary>
    /// Stops the node without waiting for its grains: its work in progress (a create call held by the
    /// simulator or a gate) is cancelled, as a crash would end it, and nothing more is written.
    /// </summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0) return;
        await Node.App.StopAsync(new CancellationToken(canceled: true));
        await Node.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}

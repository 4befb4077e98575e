using Silo.Testing;

namespace Silo.Publishing.Tests.Support;

/// <summary>
/// A node a test stops midway, in-process and without waiting for its grains (a stop whose token is
/// already cancelled): its work in progress (a create call held by the simulator or a gate) is
/// cancelled and nothing more is written, which is what a crash leaves behind for these tests. It is
/// not a SIGKILL (the media node-kill tests kill real processes): the publishing tests need an
/// <see cref="UploadGate"/> inside the node, so the node stays in this process. Disposing it again
/// (at the end of the test, or after a failed assertion) is a no-op, so a failing test never leaves a
/// node behind to take the next test's grains.
/// </summary>
public sealed class StoppedNode(TestNode node) : IAsyncDisposable
{
    private int _stopped;

    public TestNode Node { get; } = node;

    /// <summary>Stops the node at once: work in progress is cancelled, not drained.</summary>
    public async Task StopNowAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await Node.App.StopAsync(new CancellationToken(canceled: true));
        await Node.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopNowAsync());
}

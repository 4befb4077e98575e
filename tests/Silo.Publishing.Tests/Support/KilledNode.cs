using Silo.Testing;

namespace Silo.Publishing.Tests.Support;

/// <summary>
/// A node a test kills midway; disposing it again (at the end of the test, or after a failed
/// assertion) is a no-op, so a failing test never leaves a node behind to claim the next test's grains.
/// </summary>
public sealed class KilledNode(TestNode node) : IAsyncDisposable
{
    private int _killed;

    public TestNode Node { get; } = node;

    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 0) await Node.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(KillAsync());
}

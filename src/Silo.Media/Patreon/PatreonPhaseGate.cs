using Microsoft.Extensions.Options;

namespace Silo.Media.Patreon;

/// <summary>
/// Seed 003's queues, one per phase, as slots per node: a crawl's step waits for a slot of its phase
/// before it calls Patreon (phase 1: 2, phase 2: 1, phase 3: 2 by default), so many crawls on one node
/// take their turns instead of all calling at once. The steps waiting are the queue; each crawl's
/// stored state says which step is next, so nothing queued is lost with the node.
/// </summary>
public sealed class PatreonPhaseGate(IOptions<PatreonCrawlOptions> options)
{
    private readonly Dictionary<string, SemaphoreSlim> _slots = new[] { PatreonCrawlPhase.List, PatreonCrawlPhase.Details, PatreonCrawlPhase.Collections }
        .ToDictionary(phase => phase, phase => new SemaphoreSlim(options.Value.ConcurrencyOf(phase)));

    private int _busy;

    /// <summary>Steps holding a slot on this node right now (all phases).</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Waits for a slot of <paramref name="phase"/>; dispose the answer to give it back.</summary>
    public async Task<IDisposable> EnterAsync(string phase, CancellationToken cancellationToken)
    {
        var slots = _slots[phase];
        await slots.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _busy);
        return new Slot(this, slots);
    }

    private sealed class Slot(PatreonPhaseGate gate, SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            Interlocked.Decrement(ref gate._busy);
            slots.Release();
        }
    }
}

using System.Collections.Concurrent;

namespace Silo.Hosting.Tests.Work;

/// <summary>What the test sees of one <see cref="ChoresGrain"/> (the silos run in the test's process).</summary>
public sealed class ChoresProbe
{
    private static readonly ConcurrentDictionary<string, ChoresProbe> Probes = new();

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _steppedOn = new();
    private int _ticks, _stored, _activations, _held;

    public static ChoresProbe For(string key) => Probes.GetOrAdd(key, _ => new ChoresProbe());

    /// <summary>How many steps to hold until <see cref="Release"/>: the first ones.</summary>
    public int Hold { get; set; }

    public int Ticks => Volatile.Read(ref _ticks);
    public int Stored => Volatile.Read(ref _stored);
    public int Activations => Volatile.Read(ref _activations);

    /// <summary>The silo of every step started, in order.</summary>
    public IReadOnlyList<string> SteppedOn => [.. _steppedOn];

    public void Release() => _release.TrySetResult();

    internal void CountTick() => Interlocked.Increment(ref _ticks);

    internal void CountStored() => Interlocked.Increment(ref _stored);

    internal void CountActivation() => Interlocked.Increment(ref _activations);

    internal async Task StartedAsync(string silo, CancellationToken cancellationToken)
    {
        _steppedOn.Enqueue(silo);
        if (Interlocked.Increment(ref _held) <= Hold) await _release.Task.WaitAsync(cancellationToken);
    }
}

using System.Collections.Concurrent;

namespace Silo.Benchmarks.Grains;

/// <summary>In-process tally of reminder ticks that wrote their state and unregistered, with each one's lateness.</summary>
public sealed class BenchRecorder
{
    private readonly ConcurrentQueue<double> _latenessMs = new();
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;
    private int _fired;

    public int FiredCount => Volatile.Read(ref _fired);
    public IReadOnlyCollection<double> LatenessMs => _latenessMs;

    public void Expect(int count) => _expected = count;

    public void Fired(TimeSpan lateness)
    {
        _latenessMs.Enqueue(lateness.TotalMilliseconds);
        if (Interlocked.Increment(ref _fired) >= _expected) _all.TrySetResult();
    }

    /// <summary>Completes when <see cref="Expect"/>'s count of ticks has been recorded, or throws at the deadline.</summary>
    public async Task WaitAllAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        try
        {
            await _all.Task.WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{FiredCount} of {_expected} reminders fired within {deadline}.");
        }
    }
}

using System.Collections.Concurrent;

namespace Silo.Hosting.Tests.Work;

/// <summary>The letters of one <see cref="InboxGrain"/> and what the test sees of it (the silo runs in the test's process).</summary>
public sealed class InboxProbe
{
    private static readonly ConcurrentDictionary<string, InboxProbe> Probes = new();

    private readonly Lock _gate = new();
    private int _waiting, _handled, _failing, _ticks, _activations;

    public static InboxProbe For(string key) => Probes.GetOrAdd(key, _ => new InboxProbe());

    public int Handled { get { lock (_gate) return _handled; } }
    public int Ticks => Volatile.Read(ref _ticks);
    public int Activations => Volatile.Read(ref _activations);

    /// <summary>Letters arrive, and nobody tells the grain.</summary>
    public void Post(int letters)
    {
        lock (_gate) _waiting += letters;
    }

    /// <summary>The next <paramref name="steps"/> steps throw before they take a letter, as a step a crash cut short.</summary>
    public void FailSteps(int steps)
    {
        lock (_gate) _failing += steps;
    }

    internal void CountTick() => Interlocked.Increment(ref _ticks);

    internal void CountActivation() => Interlocked.Increment(ref _activations);

    /// <returns>Whether a letter was waiting (and is now handled).</returns>
    internal bool TakeLetter()
    {
        lock (_gate)
        {
            if (_failing > 0)
            {
                _failing--;
                throw new InvalidOperationException("the step failed before it took a letter");
            }
            if (_waiting == 0) return false;
            (_waiting, _handled) = (_waiting - 1, _handled + 1);
            return true;
        }
    }
}

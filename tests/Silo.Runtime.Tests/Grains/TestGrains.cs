using System.Collections.Concurrent;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Tests.Grains;

public sealed record Note(string Text, int DelayMs = 0);
public sealed record Fail(string Text);
public sealed record SetReminder(string Name, int DueMs, int? PeriodMs = null);

public sealed class JournalState
{
    public List<string> Notes { get; set; } = [];
    public List<DateTimeOffset> Ticks { get; set; } = [];
}

/// <summary>Records what happens to grains in this process: turn starts and ends, reminders fired, overlaps.</summary>
public sealed class TurnProbe
{
    private readonly ConcurrentDictionary<GrainId, int> _inTurn = new();
    public int Overlaps;
    public readonly ConcurrentQueue<(GrainId Grain, string What)> Events = new();
    public Func<GrainId, string, CancellationToken, Task>? DuringTurn;

    public void Enter(GrainId id)
    {
        if (_inTurn.AddOrUpdate(id, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref Overlaps);
    }

    public void Leave(GrainId id) => _inTurn.AddOrUpdate(id, 0, (_, n) => n - 1);
}

/// <summary>A grain that journals notes in JSON state, fails on request and keeps reminders.</summary>
public sealed class JournalGrain(TurnProbe probe) : Grain<JournalState>
{
    public override async Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        probe.Enter(GrainId);
        try
        {
            switch (message)
            {
                case Note note:
                    if (probe.DuringTurn is { } hook) await hook(GrainId, note.Text, cancellationToken);
                    if (note.DelayMs > 0) await Task.Delay(note.DelayMs, cancellationToken);
                    State.Notes.Add(note.Text);
                    probe.Events.Enqueue((GrainId, $"note:{note.Text}"));
                    break;
                case Fail fail:
                    probe.Events.Enqueue((GrainId, $"fail:{fail.Text}"));
                    throw new InvalidOperationException($"poison {fail.Text}");
                case SetReminder set:
                    RegisterOrUpdateReminder(set.Name, TimeSpan.FromMilliseconds(set.DueMs),
                        set.PeriodMs is { } p ? TimeSpan.FromMilliseconds(p) : null);
                    break;
            }
        }
        finally
        {
            probe.Leave(GrainId);
        }
    }

    public override Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken)
    {
        State.Ticks.Add(status.DueAt);
        probe.Events.Enqueue((GrainId, $"tick:{reminderName}"));
        return Task.CompletedTask;
    }
}

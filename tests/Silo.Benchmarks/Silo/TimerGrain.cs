using Silo.Hosting.Grains;

namespace Silo.Benchmarks.Silo;

/// <summary>One benchmark timer: its one-shot reminder fires once and the grain writes its state (one row).</summary>
public sealed class TimerGrain(TimeProvider time) : Grain<TimerState>
{
    public const string TypeName = "timer";
    public const string ReminderName = "fire";

    public override Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken)
    {
        State.DueAt = status.DueAt;
        State.FiredAt = time.GetUtcNow();
        return Task.CompletedTask;
    }
}

namespace Silo.Benchmarks.Silo;

/// <summary>What a timer grain writes when its reminder fires: when it was due and when it ran.</summary>
public sealed class TimerState
{
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
}

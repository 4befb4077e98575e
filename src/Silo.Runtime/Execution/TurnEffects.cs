using Silo.Runtime.Grains;

namespace Silo.Runtime.Execution;

/// <summary>What a turn wants to happen, buffered until it commits: reminder changes and messages out.</summary>
internal sealed class TurnEffects
{
    public List<ReminderChange> Reminders { get; } = [];
    public List<OutgoingMessage> Messages { get; } = [];

    public void RegisterReminder(string name, TimeSpan dueTime, TimeSpan? period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime), "A reminder cannot be due in the past.");
        if (period is { } p && p < TimeSpan.FromMilliseconds(100))
            throw new ArgumentOutOfRangeException(nameof(period), "A periodic reminder needs a period of at least 100 ms.");
        Reminders.Add(new ReminderChange(name, dueTime, period, Remove: false));
    }

    public void UnregisterReminder(string name) => Reminders.Add(new ReminderChange(name, TimeSpan.Zero, null, Remove: true));

    public void Send(GrainId target, object message, string messageId) =>
        Messages.Add(new OutgoingMessage(target, message, messageId));

    public void Clear()
    {
        Reminders.Clear();
        Messages.Clear();
    }
}

internal sealed record ReminderChange(string Name, TimeSpan DueTime, TimeSpan? Period, bool Remove);

internal sealed record OutgoingMessage(GrainId Target, object Message, string MessageId);

/// <summary>The piece of work a commit completes: one message, or one reminder occurrence.</summary>
internal abstract record CompletedWork
{
    public sealed record Message(long Sequence) : CompletedWork;
    public sealed record Reminder(string Name, DateTimeOffset DueAt) : CompletedWork;
}

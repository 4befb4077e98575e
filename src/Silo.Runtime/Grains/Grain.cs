using Silo.Runtime.Execution;

namespace Silo.Runtime.Grains;

/// <summary>
/// Base class of every grain. A grain never runs on two nodes at once; its messages arrive one at a
/// time, in order, followed by its due reminders. Effects (state, reminders, outgoing messages) are
/// buffered and committed together, under the grain's fence, when the turn ends or when the grain
/// calls <see cref="WriteStateAsync"/>.
/// </summary>
public abstract class Grain
{
    internal GrainActivation Activation { get; set; } = null!;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Activation.Id;

    /// <summary>The message being handled, or null during a reminder.</summary>
    protected InboxMessage? CurrentMessage => Activation.CurrentMessage;

    /// <summary>Called once per activation, after the state is read and before the first turn.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles one message from the grain's inbox.</summary>
    public virtual Task ReceiveAsync(object message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{GetType().Name} does not handle {message.GetType().Name}.");

    /// <summary>Handles one due occurrence of a reminder registered by this grain.</summary>
    public virtual Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Registers a durable reminder, or moves an existing one: first due after <paramref name="dueTime"/>
    /// (measured by the database clock at commit), then every <paramref name="period"/> if given.
    /// </summary>
    protected void RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan? period = null) =>
        Activation.Effects.RegisterReminder(reminderName, dueTime, period);

    /// <summary>Removes a reminder; nothing happens if it does not exist.</summary>
    protected void UnregisterReminder(string reminderName) => Activation.Effects.UnregisterReminder(reminderName);

    /// <summary>
    /// Sends a message to a grain. It is stored when this turn commits, so a turn that fails sends
    /// nothing. The message id makes the send idempotent; by default it is derived from this turn.
    /// </summary>
    protected void Send(GrainId target, object message, string? messageId = null) =>
        Activation.Effects.Send(target, message, messageId ?? Activation.NextOutgoingMessageId());

    /// <summary>
    /// Commits the state and every buffered effect now, under the fence, before the turn goes on
    /// (for example: a clip marked <c>uploading</c> before the external call is made). Throws
    /// <see cref="LeaseLostException"/> if another node has taken the grain over.
    /// </summary>
    protected Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        Activation.CommitAsync(completedWork: null, keepLease: true, cancellationToken);
}

/// <summary>A grain whose typed state is read at activation and written by every commit.</summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    /// <summary>The grain's state. Replace it or mutate it; it is written when the turn commits.</summary>
    protected TState State
    {
        get => (TState)Activation.State!;
        set => Activation.State = value;
    }
}

/// <summary>What the runtime knows about a reminder occurrence that is being delivered.</summary>
public sealed record TickStatus(DateTimeOffset DueAt, TimeSpan? Period, int Attempt);

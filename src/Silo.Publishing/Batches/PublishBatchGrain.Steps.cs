using Orleans.Runtime;
using Orleans.Storage;

namespace Silo.Publishing.Batches;

// How steps are driven: a one-shot grain timer for the next step (fast: a 2 s confirmation poll), and
// while the batch is processing a short periodic reminder as the crash backstop. The timer follows
// the stored state (it is set only after a write); the reminder restarts it only where an activation
// has none, so a tick that comes twice or late changes nothing.
public sealed partial class PublishBatchGrain
{
    public const string StepReminder = "publish-step";

    private IGrainTimer? _stepTimer;
    private bool _stepScheduled;
    private IGrainReminder? _backstop;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != StepReminder) return;
        if (!State.Exists || State.Status != BatchStatus.Processing)
        {
            await UnregisterBackstopAsync();
            return;
        }
        if (!_stepScheduled) ScheduleStep();
    }

    /// <summary>The step after this one is due in <paramref name="after"/>; it is scheduled once the state is written.</summary>
    private void NextStep(TimeSpan after) => State.NextStepAt = Now + after;

    /// <summary>Writes the state, then sets the step timer and the backstop to match it.</summary>
    private async Task CommitAsync()
    {
        await WriteAsync();
        if (State.Status == BatchStatus.Processing)
        {
            ScheduleStep();
            return;
        }
        _stepScheduled = false;
        _stepTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            await UnregisterBackstopAsync();
        }
        catch (Exception e)
        {
            // The state is written; the reminder's next tick finds the batch not processing and goes then.
            LogBackstopNotUnregistered(e, State.BatchId!);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await batch.WriteStateAsync();
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            // Whether it committed is unknown: never go on from memory; the next activation reads what is
            // stored. (A stale activation's InconsistentStateException deactivates it through Orleans.)
            this.DeactivateOnIdle();
            throw;
        }
    }

    private void ScheduleStep()
    {
        var now = Now;
        var due = State.NextStepAt is { } at && at > now ? at - now : TimeSpan.Zero;
        _stepScheduled = true;
        if (_stepTimer is null)
            _stepTimer = this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        else
            _stepTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private async Task RegisterBackstopAsync()
    {
        var period = _options.StepBackstopPeriod > reminderOptions.Value.MinimumReminderPeriod
            ? _options.StepBackstopPeriod : reminderOptions.Value.MinimumReminderPeriod;
        _backstop = await this.RegisterOrUpdateReminder(StepReminder, period, period);
    }

    private async Task UnregisterBackstopAsync()
    {
        var reminder = _backstop ?? await this.GetReminder(StepReminder);
        // Forgotten before the removal: a handle whose removal fails may be stale, and the next try
        // must read the reminder afresh (see PostGrain.DropReminderAsync).
        _backstop = null;
        if (reminder is not null) await this.UnregisterReminder(reminder);
    }
}

namespace Silo.Media.Hosting;

/// <summary>
/// A grain's long run of steps (a history walk, a Patreon crawl): each step is a turn of a one-shot grain
/// timer, and a reminder is registered for as long as the run goes on, as its crash backstop. A tick only
/// schedules the timer when no step is scheduled or running; the step decides from the grain's stored state
/// (go on, or end the run with <see cref="StopAsync"/>).
/// </summary>
/// <param name="reminderPeriod">How often the reminder ticks: raised to Orleans' <paramref name="minimumReminderPeriod"/> if below.</param>
public sealed class ReminderBackedSteps(Grain grain, string reminderName, TimeSpan reminderPeriod, TimeSpan minimumReminderPeriod,
    Func<CancellationToken, Task> step, Action<Exception> reminderNotRemoved)
{
    private readonly TimeSpan _period = reminderPeriod > minimumReminderPeriod ? reminderPeriod : minimumReminderPeriod;

    private IGrainTimer? _timer;
    private bool _scheduled;
    private bool _stepping;

    /// <summary>
    /// Registers the reminder; call it before storing the state that says the run goes on, so a crash between
    /// the two leaves a reminder that finds nothing to do and goes, never a run that nothing will resume. Its
    /// first tick is a period away (Orleans 10.4.2 skips a first tick that is due at once).
    /// </summary>
    public Task KeepAliveAsync() => grain.RegisterOrUpdateReminder(reminderName, _period, _period);

    /// <summary>Starts or resumes the run: the reminder, then <paramref name="save"/> (the state saying it runs), then a step at once.</summary>
    public async Task BeginAsync(Func<Task> save)
    {
        await KeepAliveAsync();
        await save();
        Schedule(TimeSpan.Zero);
    }

    /// <summary>
    /// Writes the grain's state from a call; a write that fails leaves this activation ahead of (or behind)
    /// the tables, so it goes, and a fresh activation reads them on the next call.
    /// </summary>
    public async Task SaveAsync<TState>(IPersistentState<TState> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Runs the next step after <paramref name="due"/> (at once when negative).</summary>
    public void Schedule(TimeSpan due)
    {
        _timer ??= grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        _scheduled = true;
    }

    /// <summary>A reminder tick: a step, unless one is scheduled or running (a node died mid-run, or a leftover reminder to drop).</summary>
    public void OnReminder(string name)
    {
        if (name == reminderName && !_scheduled && !_stepping) Schedule(TimeSpan.Zero);
    }

    /// <summary>No more steps: the timer goes (it keeps the activation alive) and so does the reminder.</summary>
    public async Task StopAsync()
    {
        _timer?.Dispose();
        (_timer, _scheduled) = (null, false);
        try
        {
            if (await grain.GetReminder(reminderName) is { } reminder) await grain.UnregisterReminder(reminder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next tick finds the run over and tries again.
            reminderNotRemoved(e);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        (_scheduled, _stepping) = (false, true);
        try
        {
            await step(cancellationToken);
        }
        finally
        {
            _stepping = false;
        }
    }
}

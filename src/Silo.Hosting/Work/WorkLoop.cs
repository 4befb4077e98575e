using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Core;
using Orleans.Serialization.Invocation;

namespace Silo.Hosting.Work;

/// <summary>
/// The work loop of a grain whose work outlives the call that asked for it (a post's archive, a transcript, a batch's
/// clips, an entity's refresh, a history walk): steps run one at a time from a one-shot grain timer, and a reminder is
/// registered for as long as work is outstanding, as its crash backstop. The grain supplies only when its next step is due
/// (<see langword="null"/>: no work left) and the step itself; after every step the loop asks again, so a tick that comes
/// twice, late or early changes nothing.
/// </summary>
/// <remarks>
/// Decided once for every grain, so that no grain's loop behaves differently from another's:
/// <list type="bullet">
/// <item>A rest no longer than the reminder's period is a timer that keeps the activation alive (a run is never collected
/// between its steps); a longer rest moves the reminder's next tick to the due time and holds no timer, so an activation
/// waiting minutes for a retry may be collected and the reminder brings it back.</item>
/// <item>A reminder tick only wakes the loop and never awaits, so every grain lets its ticks interleave
/// (<see cref="IsTickOf"/>) instead of queueing them behind a long step.</item>
/// <item>A tick that arrives before the step is due waits out the rest: "not yet" is never mistaken for "no work left".</item>
/// <item>A node that is stopping starts no step, and the step in hand is cancelled (its token is the node's stopping
/// token too): its grains are about to go, and a step that went on (a download, a call that places a new grain) would hold
/// the node's shutdown while Orleans waits for it. A cancelled step stored nothing, as after a crash at that point; the
/// reminder, registered while work is outstanding, resumes the work on the grain's next owner.</item>
/// <item>A grain whose work can arrive without a call to it (rows another node committed) keeps a standing reminder
/// (<see cref="StandingReminder"/>); every other grain's reminder lives only as long as its work.</item>
/// </list>
/// </remarks>
public sealed partial class WorkLoop
{
    /// <summary>A due time meaning "at once".</summary>
    public static readonly DateTimeOffset AtOnce = DateTimeOffset.MinValue;

    private readonly Grain _grain;
    private readonly IStorage? _state;
    private readonly string _reminderName;
    private readonly TimeSpan _period;
    private readonly Func<DateTimeOffset?> _nextStepAt;
    private readonly Func<CancellationToken, Task> _step;
    private readonly Func<Task<bool>>? _beforeReminderGoes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _nodeStopping;

    private IGrainTimer? _timer;
    private IGrainReminder? _reminder;
    // After a removal this activation knows there is none: a later finish reads nothing. Cleared by a registration or a tick.
    private bool _reminderGone;
    private bool _running;
    // The due time the loop's own timer was last set for: when it fires, that step is due, whatever the clock says (a
    // test's fake clock may stand still while the timer, on Orleans' real clock, waits out the rest).
    private DateTimeOffset? _restingUntil;

    /// <param name="grain">The grain whose loop this is.</param>
    /// <param name="state">
    /// The grain's state, written by <see cref="StartAsync"/> and <see cref="SaveAsync"/>; null for a grain whose work is
    /// rows of a table its steps write (an intake shard), so that starting it only registers the reminder.
    /// </param>
    /// <param name="reminderName">The backstop reminder's name (a constant the grain owns).</param>
    /// <param name="reminderPeriod">How often the backstop ticks: raised to <paramref name="minimumReminderPeriod"/> if below.</param>
    /// <param name="minimumReminderPeriod">Orleans' minimum, which it refuses to go below.</param>
    /// <param name="nextStepAt">When the next step is due, from the grain's state: <see cref="AtOnce"/> for now, null when no work is left.</param>
    /// <param name="step">One step; it writes what it changed. An exception that escapes it deactivates the grain.</param>
    /// <param name="time">Silo's clock, which <paramref name="nextStepAt"/> is read against.</param>
    /// <param name="logger">The grain's logger.</param>
    /// <param name="beforeReminderGoes">What is owed once the work is over; false keeps the reminder, whose next tick asks again.</param>
    public WorkLoop(Grain grain, IStorage? state, string reminderName, TimeSpan reminderPeriod, TimeSpan minimumReminderPeriod,
        Func<DateTimeOffset?> nextStepAt, Func<CancellationToken, Task> step, TimeProvider time, ILogger logger,
        Func<Task<bool>>? beforeReminderGoes = null)
    {
        (_grain, _state, _reminderName, _nextStepAt, _step, _time, _logger, _beforeReminderGoes) =
            (grain, state, reminderName, nextStepAt, step, time, logger, beforeReminderGoes);
        _period = reminderPeriod > minimumReminderPeriod ? reminderPeriod : minimumReminderPeriod;
        _nodeStopping = grain.GrainContext?.ActivationServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>
    /// The reminder is registered once and never removed, not even when no work is left: for a grain whose work can
    /// appear without a call that would start it (an intake shard's rows, committed by a node that died before its nudge),
    /// the reminder's tick is the only thing that finds it. A rest longer than the period holds no timer and leaves the
    /// reminder as it is: its next tick comes within a period and asks again. False by default: a post's or a batch's
    /// reminder goes with its work, so a cluster at rest keeps no reminder per finished item.
    /// </summary>
    public bool StandingReminder { get; init; }

    /// <summary>
    /// For a grain's <c>[MayInterleave]</c> predicate: a tick of <paramref name="reminderName"/> only wakes the loop, so it
    /// may run while a step awaits instead of waiting behind it (and timing out).
    /// </summary>
    public static bool IsTickOf(IInvokable request, string reminderName) =>
        request.GetInterfaceType() == typeof(IRemindable) && request.GetArgument(0) as string == reminderName;

    /// <summary>
    /// Makes work durable and starts it: the reminder first, then the state, then a step right after the call returns. A
    /// crash between the two writes leaves a reminder that finds nothing to do and goes, never work that nothing resumes.
    /// </summary>
    public async Task StartAsync()
    {
        await SaveAsync(EnsureReminderAsync);
        Wake();
    }

    /// <summary>
    /// Writes the grain's state from a call. A write that fails (or whose outcome is unknown) leaves this activation ahead of
    /// the tables, or behind another activation's: it goes, and a fresh one reads them on the next call or tick.
    /// </summary>
    public Task SaveAsync() => SaveAsync(() => Task.CompletedTask);

    /// <summary>Registers the backstop unless this activation holds it: before any write that stores outstanding work.</summary>
    public async Task EnsureReminderAsync()
    {
        if (_reminder is not null) return;
        // A standing reminder registered by an earlier activation is kept as it is: rewriting it on every activation
        // would cost a write and push its next tick back.
        if (StandingReminder) _reminder = await _grain.GetReminder(_reminderName);
        _reminder ??= await _grain.RegisterOrUpdateReminder(_reminderName, _period, _period);
        _reminderGone = false;
    }

    /// <summary>The grain's state may have changed: the loop looks at it again right after this turn.</summary>
    public void Wake()
    {
        // A running step is followed by a look at the state anyway.
        if (_running) return;
        _restingUntil = null;
        Schedule(TimeSpan.Zero);
    }

    /// <summary>A reminder tick: work a crash interrupted, a retry due, or a finished grain's leftover reminder to drop.</summary>
    public void OnReminder(string reminderName)
    {
        if (reminderName != _reminderName) return;
        _reminderGone = false;
        Wake();
    }

    /// <summary>
    /// No more steps: the timer goes, and so does the reminder once <c>beforeReminderGoes</c> agrees (a standing one stays).
    /// A removal that fails is logged; the next tick finds no work and tries again.
    /// </summary>
    public async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (StandingReminder || _reminderGone || _beforeReminderGoes is not null && !await _beforeReminderGoes()) return;
        try
        {
            var reminder = _reminder ?? await _grain.GetReminder(_reminderName);
            // Forgotten before the removal: a handle whose removal fails may be stale (the row was written again, by a
            // fail-over's other activation), and the next try must read the reminder afresh.
            _reminder = null;
            if (reminder is not null) await _grain.UnregisterReminder(reminder);
            _reminderGone = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderNotRemoved(_logger, e, _grain.GetGrainId());
        }
    }

    private async Task SaveAsync(Func<Task> before)
    {
        try
        {
            await before();
            if (_state is not null) await _state.WriteStateAsync();
        }
        catch
        {
            _grain.DeactivateOnIdle();
            throw;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_nodeStopping.IsCancellationRequested) return;
        _running = true;
        var rested = _restingUntil;
        _restingUntil = null;
        try
        {
            if (_nextStepAt() is { } at && (at <= _time.GetUtcNow() || at == rested))
            {
                using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _nodeStopping);
                await _step(step.Token);
            }
            await FollowAsync();
        }
        catch (Exception e)
        {
            // Another activation wrote the state since this one read it, a write failed, or this activation is going away
            // mid-step: either way the work is the stored state's, and its reminder's, which a fresh activation picks up.
            LogStepInterrupted(_logger, e, _grain.GetGrainId());
            _grain.DeactivateOnIdle();
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Sets the timer or the reminder to the next step, or stops when no work is left.</summary>
    private async Task FollowAsync()
    {
        if (_nextStepAt() is not { } at)
        {
            await StopAsync();
            return;
        }
        var rest = at - _time.GetUtcNow();
        if (rest <= _period)
        {
            _restingUntil = at;
            Schedule(rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
            return;
        }
        // A standing reminder ticks within a period anyway; moving it would be a write per tick.
        if (StandingReminder) return;
        // A long rest is the reminder's: its next tick at the due time, later ones keep the backstop.
        _reminder = await _grain.RegisterOrUpdateReminder(_reminderName, rest, _period);
        _reminderGone = false;
    }

    private void Schedule(TimeSpan due)
    {
        // Kept alive: a timer only ever covers a step due now or a rest shorter than the reminder's period.
        _timer ??= _grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        // Changed while its callback is queued or running, the timer fires after that run ends: the loop looks once more.
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }
}

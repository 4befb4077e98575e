using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;

namespace Silo.Media.Intake;

/// <summary>
/// One shard of the post intake. It holds no state of its own: the table is the state, so whichever silo runs the
/// shard after a crash reads the same rows. A nudge, a reminder tick or an activation schedules a pickup in a grain
/// timer, which reads the shard's rows in batches until it has caught up (<see cref="IntakeShardGrain.PickUpOnceAsync"/>).
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class IntakeShardGrain(IntakeStore store, IOptions<IntakeOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<IntakeShardGrain> logger) : Grain, IIntakeShardGrain, IRemindable
{
    public const string PickupReminder = "pickup";

    private IGrainTimer? _timer;
    private bool _running;
    private bool _nudgedWhileRunning;

    private int Shard => (int)this.GetPrimaryKeyLong();

    private IntakeOptions Options => options.Value;

    /// <summary>A tick may come while a long pickup runs: it only schedules another, so it need not queue behind it.</summary>
    public static bool IsReminderTick(IInvokable request) => request.GetInterfaceType() == typeof(IRemindable);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The shard's one reminder, registered once for good: the backstop for rows a dead writer never nudged.
        if (await this.GetReminder(PickupReminder) is null) await this.RegisterOrUpdateReminder(PickupReminder, ReminderPeriod, ReminderPeriod);
        Schedule(TimeSpan.Zero);
    }

    public Task Nudge()
    {
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PickupReminder) Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    private TimeSpan ReminderPeriod =>
        Options.ReminderPeriod > reminderOptions.Value.MinimumReminderPeriod ? Options.ReminderPeriod : reminderOptions.Value.MinimumReminderPeriod;

    private void Schedule(TimeSpan due)
    {
        if (_running) _nudgedWhileRunning = true;
        _timer ??= this.RegisterGrainTimer(PickUpAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        // Called while a pickup runs, the change waits until it ends: the shard is read once more.
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private async Task PickUpAsync(CancellationToken cancellationToken)
    {
        (_running, _nudgedWhileRunning) = (true, false);
        DateTimeOffset? retryAt = null;
        try
        {
            while (true)
            {
                var (read, nextRetry) = await PickUpOnceAsync(cancellationToken);
                if (nextRetry is { } at && (retryAt is null || at < retryAt)) retryAt = at;
                if (read < Options.PickupBatchSize) break;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable, most likely: the rows stay, and are read again after the first retry delay.
            LogPickupFailed(logger, e, Shard);
            retryAt = time.GetUtcNow() + Options.RetryBaseDelay;
        }
        finally
        {
            _running = false;
        }
        // A retry sooner than the reminder's next tick runs on the timer; a nudge that came meanwhile goes first.
        if (!_nudgedWhileRunning && retryAt is { } due)
            _timer!.Change(Max(due - time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;

namespace Silo.Media.Intake;

/// <summary>
/// One shard of the post intake. It holds no state of its own: the table is the state, so whichever silo runs the
/// shard after a crash reads the same rows. A nudge, a reminder tick or an activation makes a read due; the shard's
/// <see cref="WorkLoop"/> then reads batches (<see cref="PickUpOnceAsync"/>) until it has caught up, and comes back
/// when a failed row's retry is due. Its reminder is a standing one: rows a dead writer never nudged are found only by it.
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class IntakeShardGrain(IntakeStore store, IOptions<IntakeOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<IntakeShardGrain> logger) : Grain, IIntakeShardGrain, IRemindable
{
    public const string PickupReminder = "pickup";

    private WorkLoop? _work;
    // Kept in memory only: an activation starts with a read, so a fresh one after a crash loses nothing.
    private bool _readDue = true;
    private DateTimeOffset? _retryAt;

    private WorkLoop Work => _work ??= new WorkLoop(this, state: null, PickupReminder, Options.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger) { StandingReminder = true };

    private int Shard => (int)this.GetPrimaryKeyLong();

    private IntakeOptions Options => options.Value;

    /// <summary>A tick may come while a long pickup runs: it only makes a read due, so it need not queue behind it.</summary>
    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, PickupReminder);

    /// <summary>The reminder first (the backstop for rows a dead writer never nudged), then a read.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Work.StartAsync();

    public Task Nudge()
    {
        _readDue = true;
        Work.Wake();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PickupReminder) _readDue = true;
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    private DateTimeOffset? NextStepAt() => _readDue ? WorkLoop.AtOnce : _retryAt;

    /// <summary>One batch. A full one means more rows may wait: the next step reads on at once.</summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        // A nudge during the read sets the flag again, and the loop reads once more.
        _readDue = false;
        if (_retryAt <= time.GetUtcNow()) _retryAt = null;
        try
        {
            var (read, nextRetry) = await PickUpOnceAsync(cancellationToken);
            if (read >= Options.PickupBatchSize) _readDue = true;
            _retryAt = Earliest(_retryAt, nextRetry);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable, most likely: the rows stay, and are read again after the first retry delay.
            // Caught here, not by the loop, which would deactivate the shard and wait for the next nudge or tick.
            LogPickupFailed(logger, e, Shard);
            _retryAt = Earliest(_retryAt, time.GetUtcNow() + Options.RetryBaseDelay);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}

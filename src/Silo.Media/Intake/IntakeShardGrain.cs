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
/// <see cref="RowWork"/> then reads batches (<see cref="PickUpOnceAsync"/>) until it has caught up, and comes back
/// when a failed row's retry is due. Its reminder is a standing one: rows a dead writer never nudged are found only by it.
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class IntakeShardGrain(IntakeStore store, IOptions<IntakeOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<IntakeShardGrain> logger) : Grain, IIntakeShardGrain, IRemindable
{
    public const string PickupReminder = "pickup";

    private RowWork? _work;

    private RowWork Work => _work ??= new RowWork(this, PickupReminder, Options.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, LookAsync, time, logger);

    private int Shard => (int)this.GetPrimaryKeyLong();

    private IntakeOptions Options => options.Value;

    /// <summary>A tick may come while a long pickup runs: it only makes a read due, so it need not queue behind it.</summary>
    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, PickupReminder);

    /// <summary>The reminder first (the backstop for rows a dead writer never nudged), then a read.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Work.StartAsync();

    public Task Nudge()
    {
        Work.Nudge();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    /// <summary>One batch. A full one means more rows may wait: the next look reads on at once.</summary>
    private async Task<RowLook> LookAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (read, nextRetry) = await PickUpOnceAsync(cancellationToken);
            return new RowLook(LookAgain: read >= Options.PickupBatchSize, RetryAt: nextRetry);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable, most likely: the rows stay, and are read again after the first retry delay.
            // Caught here, not by the loop, which would deactivate the shard and wait for the next nudge or tick.
            LogPickupFailed(logger, e, Shard);
            return new RowLook(RetryAt: time.GetUtcNow() + Options.RetryBaseDelay);
        }
    }
}

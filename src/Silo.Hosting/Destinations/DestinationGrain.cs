using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;

namespace Silo.Hosting.Destinations;

/// <summary>
/// Delivers one destination's events. It holds nothing of its own: the destination's row (its cursor, failed attempts and
/// next try) is the state, re-read before every step, so whichever silo runs it after a crash goes on from the last
/// committed delivery and repeats at most the one that was in flight (the receiver drops it by its event id).
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class DestinationGrain(DestinationStore store, EventSender sender, IOptions<DestinationOptions> options,
    IOptions<ReminderOptions> reminderOptions, [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<DestinationGrain> logger)
    : Grain, IDestinationGrain, IRemindable
{
    public const string DeliveryReminder = "delivery";

    private RowWork? _work;

    private RowWork Work => _work ??= new RowWork(this, DeliveryReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, LookAsync, time, logger);

    private static readonly TimeSpan HeldBackWait = TimeSpan.FromMilliseconds(200);

    private long Id => this.GetPrimaryKeyLong();

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, DeliveryReminder);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Work.StartAsync();

    public Task Wake()
    {
        Work.Nudge();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    /// <summary>One attempt at the oldest undelivered event, if one is waiting and its retry is due.</summary>
    private async Task<RowLook> LookAsync(CancellationToken cancellationToken)
    {
        try
        {
            var destination = await store.FindAsync(Id, tenant: null, cancellationToken);
            if (destination is null)
            {
                await ForgetAsync();
                return default;
            }
            // Paused for failing too long: nothing is tried until a manager resumes it (which wakes this grain).
            if (destination.PausedAt is not null) return default;
            if (destination.NextTryAt > time.GetUtcNow()) return new RowLook(RetryAt: destination.NextTryAt);
            var next = await store.NextEventAsync(destination, cancellationToken);
            // Transactions are short: the event held back is settled within moments, and no one nudges about that.
            if (next.HeldBack) return new RowLook(RetryAt: time.GetUtcNow() + HeldBackWait);
            if (next.Event is not { } e) return default;
            var result = await sender.SendAsync(destination, e, cancellationToken);
            var attempt = destination.Attempts + 1;
            if (result.Delivered)
            {
                await store.DeliveredAsync(destination, e, attempt, result, time.GetUtcNow(), options.Value.LogSize, cancellationToken);
                return new RowLook(LookAgain: true);
            }
            // A permanent refusal (an unknown mailbox) waits the longest delay: order is kept, and a person can fix the cause.
            var retryAt = time.GetUtcNow() + RetryDelay.After(result.Permanent ? int.MaxValue : attempt, options.Value);
            var pause = result.PauseNow ?? PauseRule.FailingFor(options.Value.DisableAfter);
            await store.FailedAsync(destination, e, attempt, result, time.GetUtcNow(), retryAt, pause, options.Value.LogSize, cancellationToken);
            LogAttemptFailed(logger, Id, e.Id, attempt, result.Error, retryAt);
            return new RowLook(RetryAt: retryAt);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is unreachable, most likely: nothing moved, and the same event is tried after the first delay.
            LogStepFailed(logger, e, Id);
            return new RowLook(RetryAt: time.GetUtcNow() + options.Value.RetryBaseDelay);
        }
    }

    /// <summary>The destination was deleted: its reminder goes with it, and so does this activation.</summary>
    private async Task ForgetAsync()
    {
        if (await this.GetReminder(DeliveryReminder) is { } reminder) await this.UnregisterReminder(reminder);
        DeactivateOnIdle();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;
using Silo.Media.Export;

namespace Silo.Media.Deletion;

/// <summary>
/// Runs <see cref="RetentionSweep"/>, <see cref="FileSweep"/> and <see cref="ExportExpiry"/> from the shared <see cref="WorkLoop"/>:
/// a batch of each per step while batches find work, then
/// rest until the standing reminder's next tick. It holds nothing of its own (the released stamps are the state), so
/// whichever silo runs it after a crash simply looks again.
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed class FileSweepGrain(RetentionSweep retention, FileSweep sweep, ExportExpiry exports, IOptions<DeletionOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<FileSweepGrain> logger) : Grain, IFileSweepGrain, IRemindable
{
    public const string SweepReminder = "sweep";

    private WorkLoop? _work;
    private bool _lookDue = true;

    private WorkLoop Work => _work ??= new WorkLoop(this, state: null, SweepReminder, options.Value.SweepPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger) { StandingReminder = true };

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, SweepReminder);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Work.StartAsync();

    public Task Wake()
    {
        _lookDue = true;
        Work.Wake();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SweepReminder) _lookDue = true;
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    private DateTimeOffset? NextStepAt() => _lookDue ? WorkLoop.AtOnce : null;

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        // Expired posts first: their files are then released, and go after the grace period like any other's.
        var posts = await retention.RunOnceAsync(cancellationToken);
        var batch = options.Value.SweepBatch;
        var files = await sweep.RunOnceAsync(cancellationToken);
        var archives = await exports.RunOnceAsync(batch, cancellationToken);
        // A full batch may have left more behind: look again at once; a short one means the sweep is done until the next tick.
        _lookDue = files >= batch || posts >= batch || archives >= batch;
    }
}

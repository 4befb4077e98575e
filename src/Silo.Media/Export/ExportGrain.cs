using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Hosting;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Hosting.Work;
using Silo.Media.BlobStores;

namespace Silo.Media.Export;

/// <summary>
/// One archive export: writes the matching posts in post id order, <see cref="ExportOptions.PostsPerSegment"/> per step of its
/// <see cref="WorkLoop"/>, each step one segment stored by <see cref="ExportSegmentWriter"/>, then the archive's end. The last
/// post written and the segments so far are stored after each segment, so a node that dies mid-segment is followed, through
/// the loop's reminder, by one that writes only that segment again (under the same keys, replacing what was half stored).
/// </summary>
[GrainType(ExportIds.GrainType)]
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class ExportGrain(
    [PersistentState("export", ExportStorage.Name)] IPersistentState<ExportState> export,
    ExportQueries queries, ExportSegmentWriter writer, IBlobStore store, IOptions<ExportOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<ExportGrain> logger) : Grain, IExportGrain, IRemindable
{
    public const string ExportReminder = "export";

    private WorkLoop? _work;

    private ExportState State => export.State;

    private string Key => this.GetPrimaryKeyString();

    private ExportRequest Request => new(State.Tenant, State.Source, State.From, State.To);

    private WorkLoop Work => _work ??= new WorkLoop(this, export, ExportReminder, options.Value.ReminderPeriod,
        reminderOptions.Value.MinimumReminderPeriod, NextStepAt, StepAsync, time, logger);

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, ExportReminder);

    public async Task<bool> Start(ExportRequest request, string requestedBy)
    {
        if (State.Exists) return false;
        var found = await queries.CountAsync(request, CancellationToken.None);
        export.State = new ExportState
        {
            Exists = true, Tenant = request.Tenant, Source = request.Source, From = request.From, To = request.To, RequestedBy = requestedBy,
            Status = ExportStatus.Running, PostsFound = found, StartedAt = time.GetUtcNow(),
        };
        await Work.StartAsync();
        LogStarted(logger, Key, request.Tenant, found);
        return true;
    }

    public async Task<bool> Cancel(string callerTenant)
    {
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant) || State.Status != ExportStatus.Running) return false;
        (State.Status, State.FinishedAt, State.NotBefore) = (ExportStatus.Cancelled, time.GetUtcNow(), null);
        await Work.SaveAsync();
        await Work.StopAsync();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }
}

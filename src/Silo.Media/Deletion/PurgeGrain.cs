using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Cluster;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Hosting.Work;
using Silo.Media.Posts;

namespace Silo.Media.Deletion;

/// <summary>
/// Deletes a tenant's posts (or one source's) a batch per step of the shared <see cref="WorkLoop"/>, each through its
/// grain. Nothing but the count needs remembering between steps: each batch reads the posts still there, so a step
/// repeated after a crash finds the posts it already deleted gone.
/// </summary>
[MayInterleave(nameof(IsReminderTick))]
public sealed partial class PurgeGrain(
    [PersistentState("purge", StorageNames.Opaque)] IPersistentState<PurgeState> purge,
    NpgsqlDataSource database, IOptions<DeletionOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<PurgeGrain> logger) : Grain, IPurgeGrain, IRemindable
{
    public const string PurgeReminder = "purge";

    private WorkLoop? _work;

    // The backstop resumes a purge a node's death interrupted within a minute or so (Orleans' minimum may be higher).
    private WorkLoop Work => _work ??= new WorkLoop(this, purge, PurgeReminder, TimeSpan.FromMinutes(1),
        reminderOptions.Value.MinimumReminderPeriod, () => purge.State.Running ? WorkLoop.AtOnce : null, StepAsync, time, logger);

    public static bool IsReminderTick(IInvokable request) => WorkLoop.IsTickOf(request, PurgeReminder);

    public async Task<PurgeView> Start(string actor)
    {
        if (!purge.State.Running)
        {
            (purge.State.Actor, purge.State.Running, purge.State.Deleted, purge.State.Cancelled) = (actor, true, 0, false);
            (purge.State.StartedAt, purge.State.FinishedAt) = (time.GetUtcNow(), null);
            await Work.StartAsync();
        }
        return ViewOf(purge.State);
    }

    public async Task<PurgeView?> Cancel(string actor)
    {
        if (purge.State.StartedAt is null) return null;
        if (purge.State.Running)
        {
            (purge.State.Running, purge.State.Cancelled, purge.State.FinishedAt) = (false, true, time.GetUtcNow());
            await Work.SaveAsync();
            await Work.StopAsync();
            LogCancelled(logger, this.GetPrimaryKeyString(), actor, purge.State.Deleted);
        }
        return ViewOf(purge.State);
    }

    public Task<PurgeView?> View() => Task.FromResult(purge.State.StartedAt is null ? null : ViewOf(purge.State));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var (tenant, source) = PurgeIds.Parse(this.GetPrimaryKeyString());
        var ids = await PostsAsync(tenant, source, options.Value.SweepBatch, cancellationToken);
        var reason = source is null ? "tenant" : "source";
        foreach (var id in ids)
            if (await GrainFactory.GetGrain<IPostGrain>(id).Delete(TenantOwnership.AllTenants, purge.State.Actor ?? "unknown", reason)) purge.State.Deleted++;
        if (ids.Count == 0) (purge.State.Running, purge.State.FinishedAt) = (false, time.GetUtcNow());
        await purge.WriteStateAsync();
    }

    private async Task<IReadOnlyList<string>> PostsAsync(string tenant, string? source, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select post_id from posts where tenant = @tenant and (@source::text is null or source = @source) order by post_id limit @limit");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenant));
        command.Parameters.Add(new NpgsqlParameter<string?>("source", source));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }

    private PurgeView ViewOf(PurgeState state)
    {
        var (tenant, source) = PurgeIds.Parse(this.GetPrimaryKeyString());
        return new PurgeView(tenant, source, state.Actor ?? "", state.Running ? "running" : state.Cancelled ? "cancelled" : "done", state.Deleted, state.StartedAt!.Value, state.FinishedAt);
    }
}

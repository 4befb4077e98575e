using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Silo.Publishing.Batches;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Batches;

public sealed class PublishBatchStorageTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string StateName = "publish-batch";

    [Fact]
    public async Task WriteState_StaleActivation_InconsistentStateExceptionAndNoRowChanged()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var batchId = await node.PublishAsync("stale-write", 2);
        await node.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "clip 0 waits");
        var storage = node.Services.GetRequiredKeyedService<IGrainStorage>(PublishBatchStorage.Name);
        var grainId = GrainId.Create("publishbatch", batchId);

        // An activation that read the batch, then lost it to another one that wrote since.
        var stale = new GrainState<PublishBatchState>();
        await storage.ReadStateAsync(StateName, grainId, stale);
        await node.CommandAsync(batchId, "pause");
        var before = await RowsAsync(batchId);
        var changed = stale.State!;
        changed.Status = BatchStatus.Cancelled;
        changed.Clips[1].Status = ClipStatus.Failed;
        changed.NewEvents.Add(new PublishEvent(changed.LastEventSeq + 1, PublishEvent.BatchType, batchId, BatchStatus.Cancelled,
            null, null, null, null, 2, 0, 0, 0, DateTimeOffset.UtcNow));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(before, await RowsAsync(batchId));
        Assert.Equal(BatchStatus.Paused, (await node.StatusAsync(batchId)).Status);
    }

    [Fact]
    public async Task WriteState_CurrentVersion_WritesAndMovesTheVersionOn()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var batchId = await node.PublishAsync("fresh-write", 1);
        await node.CommandAsync(batchId, "pause");
        var storage = node.Services.GetRequiredKeyedService<IGrainStorage>(PublishBatchStorage.Name);
        var grainId = GrainId.Create("publishbatch", batchId);
        var state = new GrainState<PublishBatchState>();
        await storage.ReadStateAsync(StateName, grainId, state);
        var version = long.Parse(state.ETag!, System.Globalization.CultureInfo.InvariantCulture);

        state.State!.Error = "written by the current activation";
        await storage.WriteStateAsync(StateName, grainId, state);

        Assert.Equal((version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), state.ETag);
        Assert.Equal((version + 1, "written by the current activation"), (
            await database.ScalarAsync<long>("select version from publish_batches where batch_id = @b", ("b", batchId)),
            await database.ScalarAsync<string>("select error_msg from publish_batches where batch_id = @b", ("b", batchId))));
    }

    /// <summary>Every stored row of the batch, as text, to compare before and after.</summary>
    private Task<string> RowsAsync(string batchId) => database.ScalarAsync<string>("""
        select concat_ws(E'\n',
            (select row_to_json(b)::text from publish_batches b where batch_id = @b),
            (select json_agg(c order by clip_index)::text from publish_batch_clips c where batch_id = @b),
            (select json_agg(e order by seq)::text from publish_batch_events e where batch_id = @b))
        """, ("b", batchId));
}

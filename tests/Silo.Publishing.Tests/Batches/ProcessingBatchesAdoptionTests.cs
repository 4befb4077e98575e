using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Silo.Publishing.Batches;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Batches;

public sealed class ProcessingBatchesAdoptionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task SiloStart_ProcessingBatchWithoutReminder_AdoptedAndPublishedOnce()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        // As Silo's old runtime left a batch: processing, clips pending, and no Orleans reminder.
        const string batchId = "from-the-old-runtime";
        await database.ExecuteAsync("""
            insert into publish_batches (batch_id, tenant, request_hash, user_id, account_id, publish_mode, total_clips)
            values (@b, '*', '\x00'::bytea, 'user-1', '4242', 'now', 2);
            insert into publish_batch_clips (batch_id, clip_index, clip_url, clip_title, idempotency_key)
            select @b, i, 'https://cdn.test/clip-adopted-' || i || '.mp4', 'Part ' || i, @b || '-' || i from generate_series(0, 1) i;
            """, ("b", batchId));

        await using var node = await PublishingNode.StartAsync(database, metricool);
        await node.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "the adopted batch runs");
        var adoption = node.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<ProcessingBatchesAdoption>().Single();

        Assert.Equal(1L, await database.RemindersAsync(batchId));
        Assert.Equal(0, await adoption.RunOnceAsync(TestContext.Current.CancellationToken));
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the adopted batch completes");
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(1, metricool.Simulator.CreatedCount($"https://cdn.test/clip-adopted-{i}.mp4")));
    }
}

using Silo.Publishing.Batches;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Batches;

/// <summary>Its own database: the test installs a trigger that refuses writes.</summary>
public sealed class PublishBatchWriteFailureTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Publish_UploadingCannotBeStored_NothingSentUntilItIsThenCreatedOnce()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        // The database refuses to store clip 1 as uploading (counted outside the refused transaction).
        await database.ExecuteAsync("""
            create sequence refused_uploads;
            create function refuse_upload() returns trigger language plpgsql as $$
            begin
                if new.status = 'uploading' and new.clip_index = 1 then
                    perform nextval('refused_uploads');
                    raise exception 'clip 1 cannot be stored as uploading';
                end if;
                return new;
            end $$;
            create trigger refuse_upload before update on publish_batch_clips for each row execute function refuse_upload();
            """);
        var batchId = await node.PublishAsync("refused", 2);

        // Refused twice: the second time by a fresh activation, which read what was stored.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select case when is_called then last_value else 0 end from refused_uploads") >= 2, "clip 1's upload is refused twice");
        Assert.Equal(0, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("refused", 1)));
        Assert.Equal(ClipStatus.Pending, (await node.StatusAsync(batchId)).Clips![1].Status);

        await database.ExecuteAsync("drop trigger refuse_upload on publish_batch_clips");
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes once writes succeed");

        var clip = (await node.StatusAsync(batchId)).Clips![1];
        Assert.Equal((ClipStatus.Published, 1), (clip.Status, clip.Attempts));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("refused", 1)));
    }
}

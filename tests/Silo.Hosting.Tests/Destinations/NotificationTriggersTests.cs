using Npgsql;
using Silo.Hosting.Destinations;
using Silo.Testing;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>
/// The outbox's triggers (sql/025_notifications.sql) on the real tables: each change that is an event records it once, in
/// the same commit; writing a row again in the same state records nothing, and a rolled-back change records nothing.
/// </summary>
public sealed class NotificationTriggersTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Changes_EachEventfulChange_RecordedOnceInCommitOrder()
    {
        var before = await LastEventAsync();
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status) values ('fb:t1', 'facebook', 't1', 'acme', 'pending');
            update posts set status = 'error', last_error = '{"message":"gone"}' where post_id = 'fb:t1';
            update posts set status = 'error', attempts = 2 where post_id = 'fb:t1';
            update posts set status = 'success' where post_id = 'fb:t1';
            insert into publish_batches (batch_id, tenant, request_hash, user_id, account_id, publish_mode, total_clips)
                values ('b1', 'acme', '\x00', 'u', '1001', 'now', 1), ('b2', 'globex', '\x00', 'u', '1002', 'now', 1);
            insert into publish_batch_clips (batch_id, clip_index, clip_url, idempotency_key) values ('b1', 0, 'https://cdn.test/1.mp4', 'k-b1-0');
            update publish_batch_clips set status = 'unconfirmed' where batch_id = 'b1';
            update publish_batches set status = 'completed' where batch_id = 'b1';
            update publish_batches set status = 'failed' where batch_id = 'b2';
            insert into backfills (backfill_id, source, account_id, tenant, run, status, started_at, version)
                values ('facebook:p1', 'facebook', 'p1', 'acme', 1, 'running', now(), 1);
            update backfills set status = 'done' where backfill_id = 'facebook:p1';
            insert into patreon_crawls (campaign_id, tenant, run, status, phase, started_at, version) values ('c1', 'globex', 1, 'running', 'list', now(), 1);
            update patreon_crawls set status = 'cancelled' where campaign_id = 'c1';
            insert into alerts (kind, message, tenant) values ('backfill_token:facebook:p1', 'token refused', 'acme');
            update alerts set resolved = true, resolved_at = now() where kind = 'backfill_token:facebook:p1';
            insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_1', 'globex', 'ads', 'T');
            insert into insights_alerts (account_id, kind, message) values ('act_1', 'token_expired', 'code 190');
            """);

        Assert.Equal(
        [
            "acme post.error fb:t1",
            "acme batch.unconfirmed b1",
            "acme batch.finished b1",
            "globex batch.failed b2",
            "acme backfill.done facebook:p1",
            "globex crawl.stopped c1",
            "acme alert.raised backfill_token:facebook:p1",
            "acme token.expired backfill_token:facebook:p1",
            "acme alert.resolved backfill_token:facebook:p1",
            "globex alert.raised token_expired:act_1",
            "globex token.expired token_expired:act_1",
        ], await EventsAfterAsync(before));
        Assert.Equal("gone", await database.ScalarAsync<string>(
            "select data -> 'error' ->> 'message' from notification_events where type = 'post.error' and subject = 'fb:t1'"));
    }

    [Fact]
    public async Task Change_RolledBack_NoEvent()
    {
        var before = await LastEventAsync();
        await using (var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await using var command = new NpgsqlCommand(
                "insert into posts (post_id, source, source_post_id, tenant, status) values ('fb:rolled', 'facebook', 'rolled', 'acme', 'error')",
                connection, transaction);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
        await database.ExecuteAsync("insert into posts (post_id, source, source_post_id, tenant, status) values ('fb:kept', 'facebook', 'kept', 'acme', 'error')");

        Assert.Equal(["acme post.error fb:kept"], await EventsAfterAsync(before));
    }

    [Fact]
    public async Task Events_TwoWritersAtOnce_NeitherWaitsAndNoReaderStepsOverTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new DestinationStore(database.DataSource);
        var destination = await store.CreateAsync("acme", "order", DestinationKinds.Webhook, "https://hooks.example/order", null,
            ["alert.raised"], ct);
        await using var first = await database.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await first.BeginTransactionAsync(ct);
        await ExecuteAsync(first, transaction, "insert into alerts (kind, message, tenant) values ('order-first', 'm', 'acme')");

        // The second writer commits a larger id while the first's smaller one is not yet visible: it must not wait for
        // the first, and a destination reading in between must not take it and so step over the first's for ever.
        await database.ExecuteAsync("insert into alerts (kind, message, tenant) values ('order-second', 'm', 'acme')").WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(new NextEvent(null, HeldBack: true), await store.NextEventAsync(destination, ct));

        await transaction.CommitAsync(ct);
        var firstEvent = await SettledAsync(store, destination);
        Assert.Equal("order-first", firstEvent.Event?.Subject);
        var secondEvent = await SettledAsync(store, Past(destination, firstEvent.Event!));
        Assert.Equal("order-second", secondEvent.Event?.Subject);
        Assert.Equal(default, await SettledAsync(store, Past(destination, secondEvent.Event!)));
    }

    [Fact]
    public async Task Events_WriterRunningInAnotherDatabase_HoldsNothingBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new DestinationStore(database.DataSource);
        var destination = await store.CreateAsync("acme", "elsewhere", DestinationKinds.Webhook, "https://hooks.example/elsewhere", null,
            ["alert.raised"], ct);
        // A writing transaction in another database of the same server (an xid of its own), left running throughout.
        await using var elsewhere = new NpgsqlConnection(TestDatabase.AdminConnectionString);
        await elsewhere.OpenAsync(ct);
        await using var transaction = await elsewhere.BeginTransactionAsync(ct);
        await using (var xid = new NpgsqlCommand("select pg_current_xact_id()", elsewhere, transaction))
            await xid.ExecuteScalarAsync(ct);

        await database.ExecuteAsync("insert into alerts (kind, message, tenant) values ('after-elsewhere', 'm', 'acme')");

        // It can add no event here, so the event committed after it began is delivered while it still runs.
        var next = await SettledAsync(store, destination);
        Assert.Equal("after-elsewhere", next.Event?.Subject);
        Assert.Equal(System.Data.ConnectionState.Open, elsewhere.State);
        await transaction.RollbackAsync(ct);
    }

    private static Destination Past(Destination destination, NotificationEvent e) =>
        destination with { DeliveredThrough = e.Id, DeliveredThroughTransaction = e.Transaction };

    // This database's other writers (a node of another test in the class finishing) may hold an event back for a moment.
    private static async Task<NextEvent> SettledAsync(DestinationStore store, Destination destination)
    {
        var next = default(NextEvent);
        await Eventually.UntilAsync(async () => !(next = await store.NextEventAsync(destination, TestContext.Current.CancellationToken)).HeldBack,
            "no transaction older than the next event is running");
        return next;
    }

    [Fact]
    public async Task Events_WritersLockingEachOthersRows_NoDeadlock()
    {
        var ct = TestContext.Current.CancellationToken;
        await database.ExecuteAsync("insert into alerts (kind, message, tenant) values ('shared-row', 'm', 'acme')");
        await using var first = await database.DataSource.OpenConnectionAsync(ct);
        await using var firstTransaction = await first.BeginTransactionAsync(ct);
        await using var second = await database.DataSource.OpenConnectionAsync(ct);
        await using var secondTransaction = await second.BeginTransactionAsync(ct);

        // The first records an event; the second locks a row the first will want, then records an event of its own.
        // Had recording an event waited for the other writer's commit, each would now wait for the other.
        await ExecuteAsync(first, firstTransaction, "insert into alerts (kind, message, tenant) values ('crossed-1', 'm', 'acme')");
        await ExecuteAsync(second, secondTransaction, "update alerts set message = 'second' where kind = 'shared-row'");
        var secondEvent = ExecuteAsync(second, secondTransaction, "insert into alerts (kind, message, tenant) values ('crossed-2', 'm', 'acme')");
        var firstWantsTheRow = ExecuteAsync(first, firstTransaction, "update alerts set message = 'first' where kind = 'shared-row'");

        await secondEvent.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await secondTransaction.CommitAsync(ct);
        await firstWantsTheRow.WaitAsync(TimeSpan.FromSeconds(30), ct);
        await firstTransaction.CommitAsync(ct);
        Assert.Equal(2, await database.ScalarAsync<long>(
            "select count(*) from notification_events where type = 'alert.raised' and subject in ('crossed-1', 'crossed-2')"));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private Task<long> LastEventAsync() => database.ScalarAsync<long>("select coalesce(max(id), 0) from notification_events");

    private async Task<List<string>> EventsAfterAsync(long id)
    {
        var events = new List<string>();
        await using var command = database.DataSource.CreateCommand(
            "select tenant || ' ' || type || ' ' || subject from notification_events where id > @id order by id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) events.Add(reader.GetString(0));
        return events;
    }
}

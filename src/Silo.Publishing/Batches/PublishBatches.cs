using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Inbox;

namespace Silo.Publishing.Batches;

/// <summary>
/// What the gateway does with batches outside the grain: stores a new batch with its clips, its first
/// event and its first message in one transaction, and reads batches and events for the API.
/// </summary>
public sealed class PublishBatches(NpgsqlDataSource database, IClusterClient cluster, TimeProvider time)
{
    private const string BatchColumns = """
        batch_id, user_id, account_id, publish_mode, status, stop_on_failure, total_clips, published_clips, failed_clips,
        current_clip_index, scheduled_for, error_msg, created_at, started_at, completed_at
        """;

    /// <summary>
    /// Stores the batch and starts it. With an idempotency key this tenant already used, returns that
    /// batch instead (<see cref="CreateResult.Created"/> false), or <see cref="CreateResult.KeyReused"/>
    /// when the earlier request with that key was a different one.
    /// </summary>
    public async Task<CreateResult> CreateAsync(string tenant, string? idempotencyKey, ValidatedBatch batch,
        CancellationToken cancellationToken)
    {
        var hash = Hash(batch);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batchId = Guid.CreateVersion7().ToString("N");
        await using (var insert = new NpgsqlCommand("""
            insert into publish_batches (batch_id, tenant, idempotency_key, request_hash, user_id, account_id, publish_mode,
                                         stop_on_failure, total_clips, scheduled_for)
            values (@batch_id, @tenant, @key, @hash, @user_id, @account_id, @mode, @stop, @total, @scheduled_for)
            on conflict (tenant, idempotency_key) where idempotency_key is not null do nothing
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("batch_id", batchId);
            insert.Parameters.AddWithValue("tenant", tenant);
            insert.Parameters.AddWithValue("key", NpgsqlDbType.Text, (object?)idempotencyKey ?? DBNull.Value);
            insert.Parameters.AddWithValue("hash", hash);
            insert.Parameters.AddWithValue("user_id", batch.UserId);
            insert.Parameters.AddWithValue("account_id", batch.AccountId);
            insert.Parameters.AddWithValue("mode", batch.Mode);
            insert.Parameters.AddWithValue("stop", batch.StopOnFailure);
            insert.Parameters.AddWithValue("total", batch.Clips.Count);
            insert.Parameters.AddWithValue("scheduled_for", NpgsqlDbType.TimestampTz, (object?)batch.ScheduledFor ?? DBNull.Value);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var existing = new NpgsqlCommand(
                    "select batch_id, request_hash from publish_batches where tenant = @tenant and idempotency_key = @key", connection, transaction);
                existing.Parameters.AddWithValue("tenant", tenant);
                existing.Parameters.AddWithValue("key", idempotencyKey!);
                await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var sameRequest = reader.GetFieldValue<byte[]>(1).AsSpan().SequenceEqual(hash);
                return new CreateResult(reader.GetString(0), Created: false, KeyReused: !sameRequest);
            }
        }
        await using (var clips = new NpgsqlCommand("""
            insert into publish_batch_clips (batch_id, clip_index, clip_url, clip_title, idempotency_key, scheduled_at)
            select @batch_id, c.i, c.url, c.title, @batch_id || '-' || c.i, c.at
              from unnest(@index::int[], @url::text[], @title::text[], @at::timestamptz[]) as c(i, url, title, at)
            """, connection, transaction))
        {
            clips.Parameters.AddWithValue("batch_id", batchId);
            clips.Parameters.AddWithValue("index", Enumerable.Range(0, batch.Clips.Count).ToArray());
            clips.Parameters.AddWithValue("url", batch.Clips.Select(c => c.Url).ToArray());
            clips.Parameters.AddWithValue("title", batch.Clips.Select(c => c.Title).ToArray());
            clips.Parameters.AddWithValue("at", batch.Clips.Select(c => c.ScheduledAt).ToArray());
            await clips.ExecuteNonQueryAsync(cancellationToken);
        }
        var created = new PublishEvent(1, PublishEvent.BatchType, batchId, BatchStatus.Processing, null, null, null, null,
            batch.Clips.Count, 0, 0, 0, time.GetUtcNow());
        await using (var firstEvent = new NpgsqlCommand(PublishBatchSql.EventsInsert, connection, transaction))
        {
            firstEvent.Parameters.AddWithValue("batch_id", batchId);
            firstEvent.Parameters.AddWithValue("seqs", new[] { created.Seq });
            firstEvent.Parameters.AddWithValue("events", NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                new[] { JsonSerializer.Serialize(created, PublishBatchStateStore.Json) });
            await firstEvent.ExecuteNonQueryAsync(cancellationToken);
        }
        await cluster.SendAsync(connection, transaction, PublishBatchGrain.IdOf(batchId), new PublishingRequested(), "submitted", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreateResult(batchId, Created: true, KeyReused: false);
    }

    /// <summary>What was asked for, reduced to bytes: equal for a retry of the same request.</summary>
    private static byte[] Hash(ValidatedBatch batch)
    {
        var text = new StringBuilder()
            .AppendJoin('\n', batch.AccountId, batch.UserId, batch.Mode, batch.ScheduledFor?.ToString("O", CultureInfo.InvariantCulture) ?? "",
                batch.StopOnFailure ? "stop" : "go");
        foreach (var (url, title, _) in batch.Clips) text.Append('\n').Append(url).Append('\t').Append(title);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The batch with every clip, and the tenant that owns it; null when unknown.</summary>
    public async Task<(BatchView Batch, string Tenant)?> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select {BatchColumns}, tenant from publish_batches where batch_id = @id", connection);
        command.Parameters.AddWithValue("id", batchId);
        BatchView batch;
        string tenant;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            batch = ReadBatch(reader);
            tenant = reader.GetString(15);
        }
        await using var clips = new NpgsqlCommand("""
            select clip_index, clip_url, clip_title, status, metricool_post_id, facebook_post_id, error_msg, attempts,
                   scheduled_at, uploaded_at, published_at
              from publish_batch_clips where batch_id = @id order by clip_index
            """, connection);
        clips.Parameters.AddWithValue("id", batchId);
        var list = new List<ClipView>();
        await using (var r = await clips.ExecuteReaderAsync(cancellationToken))
            while (await r.ReadAsync(cancellationToken))
                list.Add(new ClipView(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetInt64(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt32(7), Time(r, 8), Time(r, 9), Time(r, 10)));
        return (batch with { Clips = list }, tenant);
    }

    /// <summary>Batches still running or paused for <paramref name="userId"/>, newest first.</summary>
    public async Task<IReadOnlyList<BatchView>> ActiveForUserAsync(string? tenant, string userId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            select {BatchColumns} from publish_batches
             where user_id = @user_id and status in ('processing', 'paused') and (@tenant::text is null or tenant = @tenant)
             order by created_at desc limit 100
            """);
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.AddWithValue("tenant", NpgsqlDbType.Text, (object?)tenant ?? DBNull.Value);
        return await ReadBatchesAsync(command, cancellationToken);
    }

    /// <summary>One page of batches, newest first, optionally of one status.</summary>
    public async Task<BatchPage> ListAsync(string? tenant, string? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        const string filter = "(@status::text is null or status = @status) and (@tenant::text is null or tenant = @tenant)";
        await using var command = database.CreateCommand($"""
            select {BatchColumns} from publish_batches where {filter}
             order by created_at desc, batch_id desc limit @limit offset @offset
            """);
        Filter(command);
        command.Parameters.AddWithValue("limit", pageSize);
        command.Parameters.AddWithValue("offset", (page - 1) * pageSize);
        var items = await ReadBatchesAsync(command, cancellationToken);
        await using var count = database.CreateCommand($"select count(*) from publish_batches where {filter}");
        Filter(count);
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new BatchPage(items, page, pageSize, total);

        void Filter(NpgsqlCommand c)
        {
            c.Parameters.AddWithValue("status", NpgsqlDbType.Text, (object?)status ?? DBNull.Value);
            c.Parameters.AddWithValue("tenant", NpgsqlDbType.Text, (object?)tenant ?? DBNull.Value);
        }
    }

    /// <summary>Events of a batch after <paramref name="afterSeq"/>, in order, as stored JSON.</summary>
    public async Task<IReadOnlyList<(long Seq, string Json)>> EventsAfterAsync(string batchId, long afterSeq, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(PublishBatchSql.EventsAfter);
        command.Parameters.AddWithValue("batch_id", batchId);
        command.Parameters.AddWithValue("after", afterSeq);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<(long, string)>();
        while (await reader.ReadAsync(cancellationToken)) events.Add((reader.GetInt64(0), reader.GetString(1)));
        return events;
    }

    /// <summary>True when the batch is completed, failed or cancelled.</summary>
    public async Task<bool> HasEndedAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select status in ('completed', 'failed', 'cancelled') from publish_batches where batch_id = @batch_id");
        command.Parameters.AddWithValue("batch_id", batchId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task<IReadOnlyList<BatchView>> ReadBatchesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<BatchView>();
        while (await reader.ReadAsync(cancellationToken)) list.Add(ReadBatch(reader));
        return list;
    }

    private static BatchView ReadBatch(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetInt32(6), r.GetInt32(7),
        r.GetInt32(8), r.GetInt32(9), Time(r, 10), r.IsDBNull(11) ? null : r.GetString(11), r.GetFieldValue<DateTimeOffset>(12),
        Time(r, 13), Time(r, 14), null);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Silo.Hosting.Hosting;

namespace Silo.Publishing.Batches;

/// <summary>
/// What the gateway does with batches: hands a new one to its grain (which stores it) and reads
/// batches and events for the API.
/// </summary>
public sealed class PublishBatches(NpgsqlDataSource database, IGrainFactory grains, IOptions<PublishingOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    private const string BatchColumns = """
        batch_id, user_id, account_id, publish_mode, status, stop_on_failure, total_clips, published_clips, failed_clips,
        current_clip_index, scheduled_for, error_msg, created_at, started_at, completed_at
        """;

    /// <summary>
    /// Has the batch's grain store the batch and start it; returns once it is stored. With an
    /// idempotency key this tenant already used, returns that batch instead (<see cref="PublishOutcome.Created"/>
    /// false), or <see cref="PublishOutcome.KeyReused"/> when the earlier request with that key was a different one.
    /// </summary>
    public async Task<PublishOutcome> CreateAsync(string tenant, string? idempotencyKey, ValidatedBatch batch,
        CancellationToken cancellationToken)
    {
        var batchId = idempotencyKey is null
            ? Guid.CreateVersion7().ToString("N")
            : await BatchIdForKeyAsync(tenant, idempotencyKey, cancellationToken) ?? BatchIdOf(tenant, idempotencyKey);
        // A repeat of a stored request is answered as the first was, whatever the account has scheduled since.
        if ((idempotencyKey is null || !await ExistsAsync(batchId, cancellationToken)) && await OverDailyLimitAsync(batchId, batch, cancellationToken) is { } over)
            return new PublishOutcome(batchId, Created: false, KeyReused: false, OverDailyLimit: over);
        return await grains.GetGrain<IPublishBatchGrain>(batchId).Publish(new BatchSubmission(tenant, idempotencyKey, batch));
    }

    /// <summary>
    /// Why the batch would pass its account's daily post limit (<see cref="PublishingOptions.DailyPostLimit"/>), or null.
    /// Each clip counts at its publication time: the scheduled one, else now (a bestTime batch's slots are picked later,
    /// within the coming week, so it is counted as if it went out at once).
    /// </summary>
    private async Task<string?> OverDailyLimitAsync(string batchId, ValidatedBatch batch, CancellationToken cancellationToken)
    {
        var limit = options.Value.DailyPostLimit;
        if (limit == 0) return null;
        var now = time.GetUtcNow();
        var added = batch.Clips.Select(c => c.ScheduledAt ?? now).ToList();
        var existing = await PublicationTimesAsync(batch.AccountId, added.Min() - DailyPostLimit.Window, added.Max() + DailyPostLimit.Window, batchId,
            cancellationToken);
        if (DailyPostLimit.BusiestWindow(existing, added) is not { } busiest || busiest.Total <= limit) return null;
        var room = Math.Max(limit - busiest.Existing, 0);
        var advice = room > 0 ? FormattableString.Invariant($"Send at most {room} of them then, or schedule the batch later.") : "Schedule the batch later.";
        return FormattableString.Invariant(
            $"Metricool account {batch.AccountId} may publish at most {limit} posts in any 24 hours (Instagram's content publishing limit, {PublishingOptions.Section}:DailyPostLimit). {busiest.Existing} are already published or scheduled in the 24 hours up to {busiest.WindowEnd.UtcDateTime:yyyy-MM-dd HH:mm} UTC, so these {busiest.Added} clips would make {busiest.Total}. {advice}");
    }

    private async Task<bool> ExistsAsync(string batchId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select exists (select 1 from publish_batches where batch_id = @id)");
        command.Parameters.AddWithValue("id", batchId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// When each post of the account goes out or went out (scheduled, published, or the batch's start for a clip not yet
    /// sent), between two instants: every clip that is or will be published, of any batch but <paramref name="exceptBatchId"/>.
    /// </summary>
    private async Task<IReadOnlyList<DateTimeOffset>> PublicationTimesAsync(string accountId, DateTimeOffset from, DateTimeOffset to, string exceptBatchId,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select t.at from publish_batch_clips c join publish_batches b on b.batch_id = c.batch_id
             cross join lateral (select coalesce(c.scheduled_at, c.published_at, c.uploaded_at, b.created_at) as at) t
             where b.account_id = @account and b.batch_id <> @batch and t.at > @from and t.at <= @to
               and (c.status in ('uploading', 'waiting_confirmation', 'published', 'scheduled', 'unconfirmed')
                    or c.status = 'pending' and b.status in ('processing', 'paused'))
            """);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("batch", exceptBatchId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var times = new List<DateTimeOffset>();
        while (await reader.ReadAsync(cancellationToken)) times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }

    /// <summary>
    /// A keyed request's batch id is derived from the tenant and the key, so a retry (even one racing
    /// the first request) reaches the same grain, whose state tells a repeat from a new batch.
    /// </summary>
    internal static string BatchIdOf(string tenant, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}\n{idempotencyKey}")).AsSpan(0, 16));

    /// <summary>The batch an earlier request with this key made, including one stored before ids were derived from keys.</summary>
    private async Task<string?> BatchIdForKeyAsync(string tenant, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select batch_id from publish_batches where tenant = @tenant and idempotency_key = @key");
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("key", idempotencyKey);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
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
    public Task<BatchPage> ListAsync(string? tenant, string? status, int page, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(tenant, status, null, null, null, page, pageSize, cancellationToken);

    /// <summary>Batches newest first; every filter null means any.</summary>
    public async Task<BatchPage> ListAsync(string? tenant, string? status, string? userId, string? accountId, string? mode, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        const string filter = """
            (@status::text is null or status = @status) and (@tenant::text is null or tenant = @tenant)
            and (@user::text is null or user_id = @user) and (@account::text is null or account_id = @account)
            and (@mode::text is null or publish_mode = @mode)
            """;
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
            c.Parameters.AddWithValue("user", NpgsqlDbType.Text, (object?)userId ?? DBNull.Value);
            c.Parameters.AddWithValue("account", NpgsqlDbType.Text, (object?)accountId ?? DBNull.Value);
            c.Parameters.AddWithValue("mode", NpgsqlDbType.Text, (object?)mode ?? DBNull.Value);
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

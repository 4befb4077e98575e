using Npgsql;

namespace Silo.Media.Posts;

/// <summary>The storage view (<see cref="StorageReport"/>), scoped like <see cref="StatsAsync"/>: a tenant sees the files its posts reference.</summary>
public sealed partial class MediaQueries
{
    /// <summary>Largest files listed.</summary>
    public const int LargestFiles = 10;

    // Each file once per backend, on the day it was stored; per tenant, each file once per tenant, on the
    // day that tenant's first post archived it. The day is UTC.
    // A transcript's text and WebVTT count as two files of its store, on the day it finished.
    private const string BackendFiles = $"""
        select f.backend as name, (f.created_at at time zone 'UTC')::date as day, f.size
          from media_files f
         where @tenant::text is null
            or exists (select 1 from post_media m join posts p on p.post_id = m.post_id where m.sha256 = f.sha256 and p.tenant = @tenant)
        union all
        select t.backend, t.day, v.size from ({TranscriptFileSizes}) t cross join lateral (values (t.text_size), (t.vtt_size)) v(size)
        """;

    private const string TenantFiles = $"""
        select p.tenant as name, (min(coalesce(m.archived_at, f.created_at)) at time zone 'UTC')::date as day, min(f.size) as size
          from post_media m join posts p on p.post_id = m.post_id join media_files f on f.sha256 = m.sha256
         where @tenant::text is null or p.tenant = @tenant
         group by p.tenant, f.sha256
        union all
        select h.tenant, t.day, v.size
          from ({TranscriptFileSizes}) t
          join (select distinct p.tenant, m.sha256 from post_media m join posts p on p.post_id = m.post_id
                 where @tenant::text is null or p.tenant = @tenant) h on h.sha256 = t.sha256
          cross join lateral (values (t.text_size), (t.vtt_size)) v(size)
        """;

    // Finished transcripts of the files @tenant's posts hold (every one when null), each with the sizes of its two stored files
    // (its text and its WebVTT). A WebVTT whose size was not kept (finished before sql/024) counts 0 bytes.
    private const string TranscriptFileSizes = """
        select t.sha256, coalesce(t.backend, 'unknown') as backend, (t.finished_at at time zone 'UTC')::date as day,
               coalesce(t.text_bytes, 0) as text_size, coalesce(t.vtt_bytes, 0) as vtt_size
          from transcripts t
         where t.text_key is not null
           and (@tenant::text is null
                or exists (select 1 from post_media m join posts p on p.post_id = m.post_id where m.sha256 = t.sha256 and p.tenant = @tenant))
        """;

    public async Task<StorageReport> StorageAsync(string? tenant, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var totals = await StatsAsync(tenant, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var backends = await SeriesAsync(connection, BackendFiles, tenant, from, to, cancellationToken);
        var tenants = await SeriesAsync(connection, TenantFiles, tenant, from, to, cancellationToken);
        var largest = new List<LargestFile>();
        await using (var command = new NpgsqlCommand($"""
            select f.sha256, f.backend, f.size, f.mime_type, f.created_at, count(distinct p.post_id)::int, min(p.post_id)
              from media_files f join post_media m on m.sha256 = f.sha256 join posts p on p.post_id = m.post_id
             where @tenant::text is null or p.tenant = @tenant
             group by f.sha256 order by f.size desc, f.sha256 limit {LargestFiles}
            """, connection))
        {
            command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                largest.Add(new LargestFile(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt32(5), Text(reader, 6)));
        }
        return new StorageReport(from, to, totals, backends, tenants, largest);
    }

    /// <summary>
    /// What was stored before <paramref name="from"/> and on each day up to <paramref name="to"/>, per name, in one
    /// query; the running totals are summed here so every day of the range has its point, stored on or not.
    /// </summary>
    private static async Task<IReadOnlyList<StorageSeries>> SeriesAsync(NpgsqlConnection connection, string files, string? tenant,
        DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            with files as ({files})
            select name, case when day < @from then null else day end, sum(size)::bigint, count(*)
              from files where day <= @to
             group by 1, 2 order by 1, 2 nulls first
            """, connection);
        command.Parameters.AddWithValue("tenant", (object?)tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var added = new Dictionary<string, Dictionary<DateOnly, (long Bytes, long Files)>>();
        var before = new Dictionary<string, (long Bytes, long Files)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            var figures = (reader.GetInt64(2), reader.GetInt64(3));
            if (!added.TryGetValue(name, out var days)) added[name] = days = [];
            if (reader.IsDBNull(1)) before[name] = figures;
            else days[reader.GetFieldValue<DateOnly>(1)] = figures;
        }
        return [.. added.Select(entry =>
        {
            var (bytes, count) = before.GetValueOrDefault(entry.Key);
            var points = new List<StorageDay>();
            for (var day = from; day <= to; day = day.AddDays(1))
            {
                var (b, n) = entry.Value.GetValueOrDefault(day);
                (bytes, count) = (bytes + b, count + n);
                points.Add(new StorageDay(day, bytes, count));
            }
            return new StorageSeries(entry.Key, points);
        })];
    }
}

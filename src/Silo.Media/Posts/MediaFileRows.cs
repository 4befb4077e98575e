using Npgsql;
using Silo.Hosting.Storage;

namespace Silo.Media.Posts;

/// <summary>
/// The owner of the <c>media_files</c> table (one row per stored content, by SHA-256): the statements a holder of
/// archived files (a post, an ad's creative) adds to its own write, in one order (the hashes' locks first, then the
/// new files, then, after the holder's own rows, the recount), and the look-ups by hash and by storage key. Reports
/// read it in joins with the holders' tables (<see cref="MediaQueries"/>).
/// </summary>
public static partial class MediaFileRows
{
    /// <summary>The advisory locks every write touching these files takes first, in one order (see <see cref="LockSql"/>).</summary>
    public static NpgsqlBatchCommand Lock(IReadOnlyCollection<string> hashes) => new NpgsqlBatchCommand(LockSql).With("hashes", hashes.ToArray());

    /// <summary>Records a content newly stored; one another writer recorded first is left as it is.</summary>
    public static NpgsqlBatchCommand Insert(StoredMediaFile file) => new NpgsqlBatchCommand(InsertSql)
        .With("sha256", file.Sha256).With("storage_key", file.StorageKey).With("backend", file.Backend).With("size", file.Size)
        .With("mime_type", file.MimeType).With("width", file.Width).With("height", file.Height).With("duration", file.DurationSeconds)
        .With("video_codec", file.VideoCodec).With("audio_codec", file.AudioCodec).With("orientation", file.Orientation)
        .With("preview_sha256", file.PreviewSha256);

    /// <summary>Recounts the files' holders, last in the write, under the locks taken by <see cref="Lock"/>.</summary>
    public static NpgsqlBatchCommand Recount(IReadOnlyCollection<string> hashes) => new NpgsqlBatchCommand(RecountSql).With("hashes", hashes.ToArray());

    /// <summary>The content stored under <paramref name="sha256"/> and its preview; null when nothing holds it yet.</summary>
    public static async Task<StoredContent?> StoredAsync(NpgsqlDataSource database, string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(StoredSql);
        command.Parameters.Add(new NpgsqlParameter<string>("sha256", sha256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var row = new ColumnReader(reader);
        var preview = row.Get<string?>("preview_sha256") is { } previewSha256
            ? new StoredPreview(previewSha256, row.Get<string>("preview_key"), row.Get<int?>("preview_width"), row.Get<int?>("preview_height"))
            : null;
        return new StoredContent(row.Get<string>("storage_key"), preview);
    }

    /// <summary>Whether <paramref name="key"/> already holds other bytes than <paramref name="sha256"/>'s (a post edited under a readable name).</summary>
    public static async Task<bool> HoldsOtherContentAsync(NpgsqlDataSource database, string key, string sha256, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(HoldsOtherSql);
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        command.Parameters.Add(new NpgsqlParameter<string>("sha256", sha256));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The holders of the file stored under <paramref name="key"/>; null when Silo stored nothing under it.</summary>
    public static async Task<MediaFileHolders?> HoldersAsync(NpgsqlDataSource database, string key, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(HoldersSql);
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var holders = new List<MediaFileHolder>();
        var known = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            known |= reader.GetBoolean(0);
            if (!reader.IsDBNull(1)) holders.Add(new MediaFileHolder(reader.GetString(1), reader.GetString(2)));
        }
        return known ? new MediaFileHolders(holders) : null;
    }

    /// <summary>
    /// Taken early in every post write, before any media_files row: one lock per file hash, in one
    /// order. Posts share rows (a file posted twice, one frame as many videos' previews) and their
    /// writes insert, lock and recount them at different points of the batch; taking the hashes
    /// first, sorted, means two writes never hold one each and wait for the other's (a deadlock).
    /// </summary>
    private const string LockSql = """
        select pg_advisory_xact_lock(k.key)
          from (select distinct hashtextextended(h, 0) as key from unnest(@hashes::text[]) h order by 1) k
        """;

    private const string InsertSql = """
        insert into media_files (sha256, storage_key, backend, size, mime_type, width, height, duration_seconds,
                                 video_codec, audio_codec, orientation, preview_sha256)
        values (@sha256, @storage_key, @backend, @size, @mime_type, @width, @height, @duration,
                @video_codec, @audio_codec, @orientation, @preview_sha256)
        on conflict (sha256) do update set preview_sha256 = excluded.preview_sha256
         where media_files.preview_sha256 is null and excluded.preview_sha256 is not null
        """;

    /// <summary>
    /// Recounts every file this post (or ad creative) referenced before this write or references now (as a file or as a
    /// preview): the posts and the ads' creatives holding it. A file held by nothing any more is stamped released (once:
    /// its grace period runs from the first release) for <see cref="Deletion.FileSweep"/>; one held again is unstamped, so
    /// a post delivered again within the grace period keeps the stored object.
    /// </summary>
    private const string RecountSql = """
        with touched as (select sha256 from media_files where sha256 = any(@hashes) order by sha256 for update),
        counted as (
            select t.sha256,
                   (select count(distinct p.post_id) from post_media p where p.sha256 = t.sha256 or p.preview_sha256 = t.sha256)
                 + (select count(distinct c.ad_id) from ad_creative_files c where c.sha256 = t.sha256 or c.preview_sha256 = t.sha256) as holders
              from touched t)
        update media_files f
           set reference_count = c.holders,
               released_at = case when c.holders > 0 then null else coalesce(f.released_at, now()) end
          from counted c where f.sha256 = c.sha256
        """;

    private const string StoredSql = """
        select f.storage_key, p.sha256 as preview_sha256, p.storage_key as preview_key, p.width as preview_width, p.height as preview_height
          from media_files f left join media_files p on p.sha256 = f.preview_sha256
         where f.sha256 = @sha256
        """;

    private const string HoldsOtherSql = "select exists (select 1 from media_files where storage_key = @key and sha256 <> @sha256)";

    // A key is a media file (an item or a preview of one) or a transcript's text or WebVTT file; its
    // holders are the posts whose items reference that file (or the file a transcript was made from),
    // and the ads whose creative does, as their account's tenant (sql/023).
    private const string HoldersSql = """
        with files as (
            select sha256 from media_files where storage_key = @key
            union
            select sha256 from transcripts where text_key = @key or vtt_key = @key
        ), holders as (
            select p.tenant, p.source from post_media m join posts p on p.post_id = m.post_id
             where m.sha256 in (select sha256 from files)
            union
            select p.tenant, p.source from post_media m join posts p on p.post_id = m.post_id
             where m.preview_sha256 in (select sha256 from files)
            union
            select a.tenant, 'meta_ads' from ad_creative_files c
              join ad_entities e on e.entity_id = c.ad_id join ad_accounts a on a.account_id = e.account_id
             where c.sha256 in (select sha256 from files) or c.preview_sha256 in (select sha256 from files)
        )
        select exists (select 1 from files), h.tenant, h.source
          from (select 1) one left join holders h on true
        """;
}

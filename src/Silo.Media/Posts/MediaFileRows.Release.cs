using Npgsql;
using Silo.Hosting.Storage;

namespace Silo.Media.Posts;

/// <summary>The files a recount released (nothing holds them): which ones the grace period has run out for, and their removal.</summary>
public static partial class MediaFileRows
{
    /// <summary>Files released at or before <paramref name="cutoff"/>, oldest first: the sweep's candidates.</summary>
    public static async Task<IReadOnlyList<string>> ReleasedAsync(NpgsqlDataSource database, DateTimeOffset cutoff, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ReleasedSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hashes = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) hashes.Add(reader.GetString(0));
        return hashes;
    }

    /// <summary>
    /// Removes the row of a file still released at or before <paramref name="cutoff"/> and held by nothing at all, with its
    /// finished transcript's row, inside <paramref name="transaction"/> and under the hash's lock (the one every holder's
    /// write takes first); returns the store keys to delete (the file's, its transcript's), or null when the file is held
    /// again or already gone. The caller deletes the objects before committing: a holder's write waiting on the lock then
    /// finds no row and stores the file anew, and one that re-used the row is refused by its foreign key and retried.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> ForgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sha256,
        DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Lock([sha256]),
                new NpgsqlBatchCommand(ForgetTranscriptSql).With("sha256", sha256).With("cutoff", cutoff),
                new NpgsqlBatchCommand(ForgetSql).With("sha256", sha256).With("cutoff", cutoff),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            for (var i = 0; i < reader.FieldCount; i++)
                if (!reader.IsDBNull(i)) keys.Add(reader.GetString(i));
        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        keys.Insert(0, reader.GetString(0));
        return keys;
    }

    private const string ReleasedSql = """
        select sha256 from media_files where released_at <= @cutoff order by released_at, sha256 limit @limit
        """;

    /// <summary>
    /// Every referrer of a stored file: posts' items and previews, ads' creatives, another file's row naming it as its
    /// preview (that file goes first), a transcript still being made (it is reading the file). A finished transcript is
    /// the file's own and goes with it.
    /// </summary>
    private const string FreeSql = """
        f.sha256 = @sha256 and f.released_at <= @cutoff
        and not exists (select 1 from post_media p where p.sha256 = f.sha256 or p.preview_sha256 = f.sha256)
        and not exists (select 1 from ad_creative_files c where c.sha256 = f.sha256 or c.preview_sha256 = f.sha256)
        and not exists (select 1 from media_files o where o.preview_sha256 = f.sha256)
        and not exists (select 1 from transcripts t where t.sha256 = f.sha256 and t.status in ('pending', 'transcribing'))
        """;

    private const string ForgetTranscriptSql = $"""
        delete from transcripts t where t.sha256 = @sha256 and exists (select 1 from media_files f where {FreeSql})
        returning t.text_key, t.vtt_key
        """;

    private const string ForgetSql = $"delete from media_files f where {FreeSql} returning f.storage_key";
}

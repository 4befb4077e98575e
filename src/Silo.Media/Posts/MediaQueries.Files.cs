using Npgsql;

namespace Silo.Media.Posts;

/// <summary>Which posts hold a stored file: what <c>/media/{key}</c> checks before it serves anything.</summary>
public sealed partial class MediaQueries
{
    // A key is a media file (an item or a preview of one) or a transcript's text or WebVTT file; its
    // holders are the posts whose items reference that file (or the file a transcript was made from),
    // and the ads whose creative does, as their account's tenant (sql/023).
    private const string FileHolders = """
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

    /// <summary>The holders of the file stored under <paramref name="key"/>; null when Silo stored nothing under it.</summary>
    public async Task<MediaFileHolders?> FileHoldersAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(FileHolders);
        command.Parameters.AddWithValue("key", key);
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
}

namespace Silo.Media.Posts;

/// <summary>Where a post's file's finished transcript is stored as WebVTT: what the post's page plays as captions.</summary>
public sealed partial class MediaQueries
{
    /// <summary>The post's tenant and the WebVTT's key for <paramref name="slot"/>; null when the post, the slot or a finished transcript is missing.</summary>
    public async Task<TranscriptCaptions?> CaptionsAsync(string postId, string slot, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select p.tenant, t.vtt_key
              from posts p join post_media m on m.post_id = p.post_id join transcripts t on t.sha256 = m.sha256
             where p.post_id = @id and m.slot = @slot and t.status = 'done' and t.vtt_key is not null
            """);
        command.Parameters.AddWithValue("id", postId);
        command.Parameters.AddWithValue("slot", slot);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new TranscriptCaptions(reader.GetString(0), reader.GetString(1)) : null;
    }
}

/// <summary>A finished transcript's WebVTT: the tenant of the post that shows it, and its key in the blob store.</summary>
public sealed record TranscriptCaptions(string Tenant, string VttKey);

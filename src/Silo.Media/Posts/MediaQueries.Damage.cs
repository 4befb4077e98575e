using Npgsql;

namespace Silo.Media.Posts;

/// <summary>The scrub's mark on posts: their files the latest run could not repair (the <c>damaged_files</c> view, sql/031).</summary>
public sealed partial class MediaQueries
{
    /// <summary>Posts (of <c>p</c>) holding a damaged file, as the item's file or its preview: the list's <c>damaged</c> filter.</summary>
    private const string HoldsDamaged = """
        p.post_id in (select m.post_id from damaged_files d join post_media m on m.sha256 = d.sha256
                      union select m.post_id from damaged_files d join post_media m on m.preview_sha256 = d.sha256)
        """;

    /// <summary>The damaged files of <paramref name="postIds"/>, by post, in slot order.</summary>
    private static async Task<Dictionary<string, List<DamagedFileView>>> ReadDamageAsync(NpgsqlConnection connection, string[] postIds,
        CancellationToken cancellationToken)
    {
        var byPost = new Dictionary<string, List<DamagedFileView>>();
        if (postIds.Length == 0) return byPost;
        await using var command = new NpgsqlCommand("""
            select m.post_id, m.slot, d.sha256 = m.sha256, d.kind, d.storage_key, d.run, d.found_at, d.detail, m.action
              from damaged_files d join post_media m on m.sha256 = d.sha256 or m.preview_sha256 = d.sha256
             where m.post_id = any(@ids)
             order by m.post_id, m.slot, d.sha256 = m.sha256 desc
            """, connection);
        command.Parameters.AddWithValue("ids", postIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var file = reader.GetBoolean(2) ? DamagedFileView.ItemFile : DamagedFileView.PreviewFile;
            var postId = reader.GetString(0);
            var view = new DamagedFileView(reader.GetString(1), file, reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6), Text(reader, 7), DamageRemedy.For(postId, file, reader.GetString(8)));
            if (!byPost.TryGetValue(postId, out var list)) byPost[postId] = list = [];
            list.Add(view);
        }
        return byPost;
    }
}

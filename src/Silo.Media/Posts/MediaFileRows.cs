using Npgsql;
using NpgsqlTypes;

namespace Silo.Media.Posts;

/// <summary>
/// The <c>media_files</c> statements another holder of archived files (an ad's creative) adds to its own write, in the
/// order a post's write uses them: the hashes' locks first, then the new files, then, after its own rows, the recount.
/// </summary>
public static class MediaFileRows
{
    /// <summary>The advisory locks every write touching these files takes first, in one order (see <see cref="PostSql.LockFiles"/>).</summary>
    public static NpgsqlBatchCommand Lock(IReadOnlyCollection<string> hashes) => Command(PostSql.LockFiles, ("hashes", hashes.ToArray()));

    /// <summary>Records a content newly stored; one another writer recorded first is left as it is.</summary>
    public static NpgsqlBatchCommand Insert(StoredMediaFile file) => Command(PostSql.InsertFile,
        ("sha256", file.Sha256), ("storage_key", file.StorageKey), ("backend", file.Backend), ("size", file.Size), ("mime_type", file.MimeType),
        ("width", file.Width), ("height", file.Height), ("duration", file.DurationSeconds), ("video_codec", file.VideoCodec),
        ("audio_codec", file.AudioCodec), ("orientation", file.Orientation), ("preview_sha256", file.PreviewSha256));

    /// <summary>Recounts the files' holders, last in the write, under the locks taken by <see cref="Lock"/>.</summary>
    public static NpgsqlBatchCommand Recount(IReadOnlyCollection<string> hashes) => Command(PostSql.RecountReferences, ("hashes", hashes.ToArray()));

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, DBNull.Value)
                {
                    NpgsqlDbType = name switch
                    {
                        "width" or "height" or "orientation" => NpgsqlDbType.Integer,
                        "duration" => NpgsqlDbType.Double,
                        _ => NpgsqlDbType.Text,
                    },
                }
                : new NpgsqlParameter(name, value));
        return command;
    }
}

using Npgsql;
using Silo.Hosting.Storage;

namespace Silo.Media.Posts;

/// <summary>
/// The <c>media_files</c> statements another holder of archived files (an ad's creative) adds to its own write, in the
/// order a post's write uses them: the hashes' locks first, then the new files, then, after its own rows, the recount.
/// </summary>
public static class MediaFileRows
{
    /// <summary>The advisory locks every write touching these files takes first, in one order (see <see cref="PostSql.LockFiles"/>).</summary>
    public static NpgsqlBatchCommand Lock(IReadOnlyCollection<string> hashes) => new NpgsqlBatchCommand(PostSql.LockFiles).With("hashes", hashes.ToArray());

    /// <summary>Records a content newly stored; one another writer recorded first is left as it is.</summary>
    public static NpgsqlBatchCommand Insert(StoredMediaFile file) => new NpgsqlBatchCommand(PostSql.InsertFile)
        .With("sha256", file.Sha256).With("storage_key", file.StorageKey).With("backend", file.Backend).With("size", file.Size)
        .With("mime_type", file.MimeType).With("width", file.Width).With("height", file.Height).With("duration", file.DurationSeconds)
        .With("video_codec", file.VideoCodec).With("audio_codec", file.AudioCodec).With("orientation", file.Orientation)
        .With("preview_sha256", file.PreviewSha256);

    /// <summary>Recounts the files' holders, last in the write, under the locks taken by <see cref="Lock"/>.</summary>
    public static NpgsqlBatchCommand Recount(IReadOnlyCollection<string> hashes) => new NpgsqlBatchCommand(PostSql.RecountReferences).With("hashes", hashes.ToArray());
}

using Silo.Media.Posts;

namespace Silo.Media.Archiving;

/// <summary>
/// What archiving one item produced: the contents newly stored (the file, its preview, subtitles),
/// for <c>media_files</c>, and the items it brought with it (a YouTube video's subtitle files).
/// </summary>
public sealed record ArchiveOutcome(IReadOnlyList<StoredMediaFile> NewFiles, IReadOnlyList<PostMedia> Derived)
{
    public static ArchiveOutcome None { get; } = new([], []);
}

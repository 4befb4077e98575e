using Silo.Media.Posts;

namespace Silo.Insights.Creatives;

/// <summary>
/// A creative whose media are in the blob store: what was read, its files, and the contents newly stored by this archive
/// (for <c>media_files</c>, recorded by the ad grain's write with the creative's rows).
/// </summary>
public sealed record ArchivedCreative(AdCreative Creative, IReadOnlyList<CreativeFile> Files, IReadOnlyList<StoredMediaFile> NewFiles);

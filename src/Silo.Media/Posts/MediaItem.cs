namespace Silo.Media.Posts;

/// <summary>
/// One media link of a post as a source announced it. <paramref name="Slot"/> names its place in the
/// post (<c>picture</c>, <c>full_picture</c>, <c>attachment:0</c>, <c>subattachment:0:1</c>,
/// <c>thumbnail</c>, <c>video</c>, <c>child:2</c>, <c>youtube</c>), so a refreshed link replaces the
/// expired one in the same place. <paramref name="Kind"/> is <c>image</c>, <c>video</c> or <c>audio</c> as the source declared it;
/// once archived, the item's kind is what the bytes hold.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.media.MediaItem")]
public sealed record MediaItem([property: Id(0)] string Slot, [property: Id(1)] string Url, [property: Id(2)] string Kind);

namespace Silo.Media.Archiving;

/// <summary>What a media item is expected to be; decides its size cap and which magic bytes are accepted.</summary>
public enum MediaKind
{
    Image,
    Video,
}

namespace Silo.Media.Archiving;

/// <summary>What a media item is expected to be; decides its size cap and which contents are accepted.</summary>
public enum MediaKind
{
    Image,
    Video,
    /// <summary>Patreon audio posts, podcasts (seed 003): stored and probed like video.</summary>
    Audio,
    /// <summary>A WebVTT subtitle file of a YouTube video.</summary>
    Subtitle,
}

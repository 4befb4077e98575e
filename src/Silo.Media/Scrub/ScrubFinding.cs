namespace Silo.Media.Scrub;

/// <summary>
/// One thing a scrub run found wrong: its <see cref="ScrubFindingKinds">kind</see>, the object, and what was done about it.
/// <see cref="Sha256"/> is the media file's: the object's own, or, for a transcript's text or WebVTT file
/// (<see cref="OfTranscript"/>), the file the transcript is of, whose posts it belongs to.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.media.ScrubFinding")]
public sealed record ScrubFinding(
    [property: Id(0)] string Kind, [property: Id(1)] string StorageKey, [property: Id(2)] string? Sha256, [property: Id(3)] long? Size,
    [property: Id(4)] string Outcome, [property: Id(5)] string? Detail, [property: Id(6)] bool OfTranscript = false);

/// <summary>What a finding is (<c>kind</c>) and what the scrub did about it (<c>outcome</c>).</summary>
public static class ScrubFindingKinds
{
    /// <summary>A row a post holds whose object is gone (or a done transcript's file).</summary>
    public const string Missing = "missing";

    /// <summary>A row whose object's bytes no longer hash to its SHA-256 (or a transcript's file that differs from what its parts render).</summary>
    public const string Corrupted = "corrupted";

    /// <summary>A row nothing holds (reference count 0) whose object is gone: listed, nothing to repair.</summary>
    public const string Dangling = "dangling";

    /// <summary>An object no row names: listed, never deleted by the scrub.</summary>
    public const string Orphaned = "orphaned";

    public const string Repaired = "repaired";
    public const string Unrepaired = "unrepaired";
    public const string Listed = "listed";
}

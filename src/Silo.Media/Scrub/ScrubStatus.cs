namespace Silo.Media.Scrub;

/// <summary>A scrub run's status and the phase it is in.</summary>
public static class ScrubStatus
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Checking <c>media_files</c> rows against their objects, in SHA-256 order.</summary>
    public const string FilesPhase = "files";

    /// <summary>Checking done transcripts' text and WebVTT files against what their parts render, in SHA-256 order.</summary>
    public const string TranscriptsPhase = "transcripts";

    /// <summary>Listing the store for objects no row names.</summary>
    public const string ObjectsPhase = "objects";

    public const string OverPhase = "over";
}

namespace Silo.Media.Scrub;

/// <summary>The scrub's state: its row in <c>scrubs</c> (the current or last run), written after every step.</summary>
[GenerateSerializer, Alias("silo.media.ScrubState")]
public sealed class ScrubState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public int Run { get; set; }
    [Id(2)] public string Status { get; set; } = ScrubStatus.Done;
    [Id(3)] public string Phase { get; set; } = ScrubStatus.OverPhase;

    /// <summary>The last file checked (files phase) or transcript (transcripts phase: keyed by its media's SHA-256); null before the first.</summary>
    [Id(4)] public string? CursorSha256 { get; set; }
    [Id(5)] public int FilesChecked { get; set; }
    [Id(6)] public long BytesChecked { get; set; }
    [Id(7)] public int ObjectsListed { get; set; }
    [Id(8)] public string? LastError { get; set; }
    [Id(9)] public DateTimeOffset StartedAt { get; set; }
    [Id(10)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the next run starts on its own; null when none is planned.</summary>
    [Id(11)] public DateTimeOffset? NextRunAt { get; set; }

    /// <summary>The store the run checks (<c>filesystem</c>, <c>s3</c>, …), for its report.</summary>
    [Id(12)] public string Backend { get; set; } = "";

    /// <summary>What the step just finished found, written with it (cleared once stored).</summary>
    [Id(13)] public List<ScrubFinding> NewFindings { get; set; } = [];

    /// <summary>Tenants whose posts hold a file the step could not repair: an alert to each, raised with this write.</summary>
    [Id(14)] public List<string> AlertTenants { get; set; } = [];

    public bool IsRunning => Exists && Status == ScrubStatus.Running;

    /// <summary>The alerts kind of a tenant's unrepaired files: one open alert per tenant.</summary>
    public static string AlertKind(string tenant) => $"scrub_unrepaired:{tenant}";
}

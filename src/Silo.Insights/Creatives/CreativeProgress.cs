
namespace Silo.Insights.Creatives;

/// <summary>
/// An ad's creative as its grain archives it (its <c>ad_creatives</c> row): the creative discovery listed, whether its media
/// are stored, and when a failed archive is tried again. <see cref="Archived"/> is set for one write: what the archive stored.
/// </summary>
public sealed class CreativeProgress
{
    public const string Pending = "pending";
    public const string Done = "archived";
    public const string Failed = "failed";

    public string CreativeId { get; set; } = "";

    /// <summary><c>pending</c>, <c>archived</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = Pending;
    public int Attempts { get; set; }

    /// <summary>When a pending or failed creative is tried next; null for at once (pending) or never again (failed: out of attempts).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? Error { get; set; }

    /// <summary>The contents its stored files (and their previews) are, as last written: recounted when they change.</summary>
    public IReadOnlyList<string> FileHashes { get; set; } = [];

    /// <summary>Set for one write: the creative's media stored, with its text and files.</summary>
    public ArchivedCreative? Archived { get; set; }

    /// <summary>Set for one write: the row changed (a new creative, an attempt's outcome).</summary>
    public bool Changed { get; set; }

    /// <summary>Once a write has committed: an archive's files become the ones the creative holds.</summary>
    public void Stored()
    {
        if (Archived is { } archived)
            FileHashes = [.. archived.Files.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }).OfType<string>().Distinct()];
        Archived = null;
        Changed = false;
    }

    /// <summary>When the next attempt is due, or null when none is owed.</summary>
    public DateTimeOffset? DueAt(int maxAttempts) => Status switch
    {
        Pending => NextAttemptAt ?? DateTimeOffset.MinValue,
        Failed when Attempts < maxAttempts => NextAttemptAt ?? DateTimeOffset.MinValue,
        _ => null,
    };
}

namespace Silo.Media.Transcription.Backfill;

/// <summary>
/// A transcript backfill as users see it (<c>GET /api/media/transcripts/backfill</c>, the dashboard's media page): files
/// found without a transcript when it started, handed on so far, and, counted from their transcripts, how many are done,
/// failed, skipped (no sound track) or still waiting or being transcribed.
/// </summary>
public sealed record TranscriptBackfillView(string Id, string Tenant, string? Source, int Run, string Status, int FilesFound, int FilesHanded,
    long Done, long Failed, long Skipped, long InProgress, DateTimeOffset? RestingUntil, string? LastError, DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Files whose transcription has settled (done, failed, skipped), of those found: 0..1.</summary>
    public double Progress => FilesFound == 0
        ? (Status == TranscriptBackfillStatus.Done ? 1 : 0)
        : Math.Min(1, Math.Round((double)(Done + Failed + Skipped) / FilesFound, 4));
}

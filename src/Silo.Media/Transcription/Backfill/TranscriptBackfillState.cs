namespace Silo.Media.Transcription.Backfill;

/// <summary>A transcript backfill's state: its row in <c>transcript_backfills</c>, written after every group of files it hands on.</summary>
public sealed class TranscriptBackfillState
{
    public bool Exists { get; set; }
    public int Run { get; set; }
    public string Status { get; set; } = TranscriptBackfillStatus.Running;

    /// <summary>The SHA-256 of the last file handed on (files go in SHA-256 order); null before the first.</summary>
    public string? Cursor { get; set; }

    /// <summary>Files without a transcript when the run started (raised if more were handed on).</summary>
    public int FilesFound { get; set; }
    public int FilesHanded { get; set; }
    public int FailuresInRow { get; set; }

    /// <summary>No file is handed on before this (a retry's wait).</summary>
    public DateTimeOffset? NotBefore { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Files handed on by this write, stored in transcript_backfill_files with it (cleared once stored).</summary>
    public List<string> HandedFiles { get; set; } = [];
}

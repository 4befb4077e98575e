using Silo.Media.Transcription;

namespace Silo.Media.Scrub;

/// <summary>A media_files row as the scrub checks it.</summary>
public sealed record ScrubFileRow(string Sha256, string StorageKey, long Size, int ReferenceCount);

/// <summary>A done transcript as the scrub checks it: keyed by its media file's SHA-256, its two files' keys and its stored parts.</summary>
public sealed record ScrubTranscriptRow(string Sha256, string MediaKey, string TextKey, string VttKey, IReadOnlyList<TranscriptPart> Parts);

/// <summary>A run's report: what it checked and, of its findings, those the caller's tenant may see, counted by kind and outcome.</summary>
public sealed record ScrubRunView(int Run, string Status, string Phase, string Backend, int FilesChecked, long BytesChecked, int ObjectsListed,
    string? LastError, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Missing, int Corrupted, int Dangling, int Orphaned,
    int Repaired, int Unrepaired);

/// <summary>One finding of a run, with the caller's posts that hold the file (or the media file a transcript is of); a media file's finding left unrepaired marks them.</summary>
public sealed record ScrubFindingView(string Kind, string StorageKey, string? Sha256, long? Size, string Outcome, string? Detail,
    DateTimeOffset FoundAt, IReadOnlyList<string> PostIds);

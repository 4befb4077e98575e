namespace Silo.Media.Transcription;

/// <summary>An archived video or audio file to transcribe: where it is stored and what archiving learned of it.</summary>
[GenerateSerializer, Immutable, Alias("silo.media.TranscriptRequest")]
public sealed record TranscriptRequest([property: Id(0)] string StorageKey, [property: Id(1)] string MimeType, [property: Id(2)] long Size,
    [property: Id(3)] double? DurationSeconds, [property: Id(4)] bool HasSound);

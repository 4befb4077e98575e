namespace Silo.Simulators.Transcription;

/// <summary>One request the simulator received, as its multipart form said, and the status it answered.</summary>
public sealed record TranscriptionUpload(string? FileName, string? ContentType, long Size, string? Sha256, string? Model, string? Language,
    string? ResponseFormat, string? Authorization, int Status);

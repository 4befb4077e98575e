namespace Silo.Media.Transcription.Backfill;

/// <summary>An archived file without a transcript, and the request its transcript grain is asked with.</summary>
public sealed record TranscriptCandidate(string Sha256, TranscriptRequest Request);

namespace Silo.Media.Transcription;

/// <summary>What the API answered for one uploaded file: its text, its timed cues when the format has them, and the language it heard.</summary>
public sealed record TranscriptionResult(string Text, IReadOnlyList<TranscriptCue> Cues, string? Language);

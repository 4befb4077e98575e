namespace Silo.Media.Transcription;

/// <summary>The answer for one uploaded part, its cues already moved to the part's place in the whole file; kept as soon as it arrives.</summary>
public sealed record TranscriptPart(double Start, string Text, IReadOnlyList<TranscriptCue> Cues, string? Language);

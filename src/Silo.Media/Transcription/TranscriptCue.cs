namespace Silo.Media.Transcription;

/// <summary>One timed line of a transcript, in seconds from the start of the file.</summary>
public sealed record TranscriptCue(double Start, double End, string Text)
{
    public TranscriptCue Shifted(double seconds) => this with { Start = Start + seconds, End = End + seconds };
}

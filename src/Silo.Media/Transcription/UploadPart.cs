namespace Silo.Media.Transcription;

/// <summary>One file sent to the API: the stored file itself, or one part of its sound track, starting <paramref name="Start"/> seconds in.</summary>
public sealed record UploadPart(string Path, string FileName, string ContentType, double Start, double? Duration);

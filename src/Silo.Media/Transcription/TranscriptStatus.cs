namespace Silo.Media.Transcription;

/// <summary>
/// Where one file's transcript is: <c>pending</c> (waiting for its turn or, with a retry time, for a retry),
/// <c>transcribing</c>, <c>done</c>, <c>failed</c> (refused by the API, or out of retries: the reason is kept) or
/// <c>skipped</c> (nothing to hear: no sound track).
/// </summary>
public static class TranscriptStatus
{
    public const string Pending = "pending";
    public const string Transcribing = "transcribing";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

using System.Net.Http.Headers;

namespace Silo.Media.Transcription;

/// <summary>
/// A call the API did not answer with a transcript. <see cref="Final"/>: the API refused the file (a 4xx other than
/// 429), and the same file would be refused again; otherwise (429, 5xx, no answer) it is retried later,
/// after <see cref="RetryAfter"/> when the API said when.
/// </summary>
public sealed class TranscriptionException(bool final, string errorType, string message, RetryConditionHeaderValue? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Final { get; } = final;

    /// <summary><c>http_400</c>, <c>http_413</c>, <c>http_429</c>, <c>http_503</c>, <c>timeout</c>, <c>no_answer</c>, <c>bad_answer</c>, …</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>The API's Retry-After (a delay or a date), when it gave one.</summary>
    public RetryConditionHeaderValue? RetryAfter { get; } = retryAfter;
}

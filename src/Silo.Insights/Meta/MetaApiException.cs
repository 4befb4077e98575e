namespace Silo.Insights.Meta;

/// <summary>An error body from the Graph API (<c>{"error": {"code": 17, …}}</c>), classified by what Silo must do about it.</summary>
public sealed class MetaApiException(int code, int? subcode, string message, int httpStatus, TimeSpan? retryAfter)
    : Exception($"({code}) {message}")
{
    /// <summary>A report job that ended in "Job Failed" or "Job Skipped" (no Graph error code of its own).</summary>
    public const int ReportJobFailedCode = -1;

    public int Code { get; } = code;
    public int? Subcode { get; } = subcode;
    public int HttpStatus { get; } = httpStatus;

    /// <summary>From <c>estimated_time_to_regain_access</c> or the account usage reset, when Meta gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>4 app, 17 user, 32 page, 613 custom, 80000–80014 business use case: all slow the whole ad account.</summary>
    public bool IsRateLimit => Code is 4 or 17 or 32 or 613 || Code is >= 80000 and <= 80014;

    /// <summary>190: the access token expired or was revoked; retrying cannot help.</summary>
    public bool IsTokenExpired => Code == 190;
}

namespace Silo.Hosting.Meta;

/// <summary>
/// The Graph API refused a call: its HTTP status and, when the body was Meta's <c>{"error":{…}}</c>, Graph's error
/// <c>code</c>, <c>error_subcode</c>, <c>message</c> and <c>fbtrace_id</c> (what Meta's support asks for), with the usage
/// headers that came with it. What to do about a code is each caller's policy.
/// </summary>
public sealed class GraphApiException(int status, int? code, int? subcode, string message, string? fbTraceId = null, GraphUsage? usage = null)
    : Exception(code is { } c ? $"({c}) {message}" : $"Graph API answered {status}: {message}")
{
    /// <summary>The HTTP status (200 for an error Meta put in a successful answer; 0 when no call was made).</summary>
    public int Status { get; } = status;

    /// <summary>Graph's <c>error.code</c> (4, 17, 32, 613, 80000–80014: rate limits; 190: token expired or revoked), when the body had one.</summary>
    public int? Code { get; } = code;

    /// <summary>Graph's <c>error.error_subcode</c> (463: token expired, 460: password changed, 458: app removed…).</summary>
    public int? Subcode { get; } = subcode;

    /// <summary>Graph's <c>error.message</c>, or the start of a body that was not Meta's error shape.</summary>
    public string GraphMessage { get; } = message;

    /// <summary>Graph's <c>error.fbtrace_id</c>, the id Meta's support traces a call by.</summary>
    public string? FbTraceId { get; } = fbTraceId;

    public GraphUsage? Usage { get; } = usage;

    /// <summary>How long Meta said access stays refused, when its headers said so.</summary>
    public TimeSpan? RetryAfter => Usage?.RegainAfter;

    /// <summary>4 app, 17 user, 32 page, 613 custom, 80000–80014 business use case.</summary>
    public bool IsRateLimit => Code is 4 or 17 or 32 or 613 || Code is >= 80000 and <= 80014;

    /// <summary>190: the access token expired or was revoked; retrying cannot help.</summary>
    public bool IsTokenExpired => Code == 190;
}

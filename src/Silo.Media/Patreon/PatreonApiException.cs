using System.Net;

namespace Silo.Media.Patreon;

/// <summary>Patreon answered with an error status. <see cref="RetryAfter"/> is its <c>Retry-After</c> on a 429.</summary>
public sealed class PatreonApiException(HttpStatusCode status, string detail, TimeSpan? retryAfter = null)
    : Exception($"Patreon API error {(int)status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
    public string Detail { get; } = detail;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRateLimit => Status == HttpStatusCode.TooManyRequests;
    public bool IsTokenRefused => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
    public bool IsTransient => (int)Status >= 500 || Status == HttpStatusCode.RequestTimeout;
    public bool IsNotFound => Status == HttpStatusCode.NotFound;
}

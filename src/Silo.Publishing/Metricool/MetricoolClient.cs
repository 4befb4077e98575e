using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Silo.Publishing.Metricool;

/// <summary>
/// Metricool's v2 scheduler API over HTTP: <c>X-Mc-Auth</c> token, <c>userId</c> and <c>blogId</c> on every
/// call. Read-only calls are retried on 5xx, 429 and timeouts; the create call never is, because a
/// failed create may still have stored the post: its caller looks the post up instead.
/// </summary>
public sealed partial class MetricoolClient
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private const string DateFormat = "yyyy-MM-ddTHH:mm:ss";
    private readonly HttpClient _http;
    private readonly MetricoolOptions _options;
    private readonly ILogger<MetricoolClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _reads;

    public MetricoolClient(HttpClient http, IOptions<MetricoolOptions> options, TimeProvider time, ILogger<MetricoolClient> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
        _http.Timeout = Timeout.InfiniteTimeSpan; // each call carries its own deadline
        var reads = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (_options.ReadRetries > 0)
            reads.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.ReadRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.ReadRetryDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
                DelayGenerator = a => ValueTask.FromResult(a.Outcome.Result?.Headers.RetryAfter?.Delta),
                OnRetry = a =>
                {
                    LogReadRetry(a.AttemptNumber + 1, a.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture)
                        : a.Outcome.Exception?.GetType().Name ?? "?");
                    a.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        _reads = reads.AddTimeout(_options.ReadTimeout).Build();
    }

    /// <summary>The marker that carries a clip's idempotency key in the post's text, so a lookup can find the post.</summary>
    public static string KeyMarker(string idempotencyKey) => $"[silo:{idempotencyKey}]";

    /// <summary><c>POST /v2/scheduler/posts</c>: one Story (Instagram and Facebook type STORY), once.</summary>
    public async Task<CreatePostOutcome> CreateStoryAsync(MetricoolAccount account, string mediaUrl, string text,
        DateTimeOffset publishAt, CancellationToken cancellationToken)
    {
        var post = new ScheduledPost
        {
            PublicationDate = ToInfo(publishAt),
            Text = text,
            Media = [mediaUrl],
            Providers = [.. _options.Networks.Select(n => new ProviderStatus(n))],
            AutoPublish = true,
            InstagramData = _options.Networks.Contains("instagram") ? new InstagramData("STORY") : null,
            FacebookData = _options.Networks.Contains("facebook") ? new FacebookData("STORY") : null,
        };
        if (string.IsNullOrWhiteSpace(_options.Token))
            return new CreatePostOutcome.Rejected($"{MetricoolOptions.Section}:Token is not set (or METRICOOL_USER_TOKEN).", RetryLater: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.CreateTimeout);
        try
        {
            using var request = Request(HttpMethod.Post, "v2/scheduler/posts", account, []);
            request.Content = JsonContent.Create(post, options: Json);
            using var response = await _http.SendAsync(request, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<MetricoolResponse<ScheduledPost>>(Json, deadline.Token);
                return body?.Data?.Id is not null
                    ? new CreatePostOutcome.Created(body.Data)
                    : new CreatePostOutcome.Unknown("Metricool answered without the created post");
            }
            var error = await ErrorText(response, deadline.Token);
            return (int)response.StatusCode switch
            {
                429 => new CreatePostOutcome.Rejected(error, RetryLater: true, response.Headers.RetryAfter?.Delta),
                >= 500 => new CreatePostOutcome.Unknown($"HTTP {(int)response.StatusCode}: {error}"),
                _ => new CreatePostOutcome.Rejected($"HTTP {(int)response.StatusCode}: {error}", RetryLater: false),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CreatePostOutcome.Unknown($"no answer within {_options.CreateTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new CreatePostOutcome.Unknown($"connection failed: {e.Message}");
        }
        catch (JsonException e)
        {
            return new CreatePostOutcome.Unknown($"unreadable answer: {e.Message}");
        }
    }

    /// <summary><c>GET /v2/scheduler/posts</c>: the brand's posts scheduled between two instants.</summary>
    public async Task<IReadOnlyList<ScheduledPost>> ListPostsAsync(MetricoolAccount account, DateTimeOffset start, DateTimeOffset end,
        CancellationToken cancellationToken) =>
        await ReadAsync<List<ScheduledPost>>("v2/scheduler/posts", account,
            [("start", Format(start)), ("end", Format(end)), ("timezone", "UTC")], cancellationToken) ?? [];

    /// <summary>
    /// <c>GET /v2/scheduler/besttimes/{provider}</c>: engagement by weekday and hour, asked (and answered) in
    /// <paramref name="zone"/>, the brand's time zone, so its weekdays and hours are the brand's.
    /// </summary>
    public async Task<IReadOnlyList<BestTimes>> GetBestTimesAsync(MetricoolAccount account, DateTimeOffset start, DateTimeOffset end,
        TimeZoneInfo zone, CancellationToken cancellationToken) =>
        await ReadAsync<List<BestTimes>>($"v2/scheduler/besttimes/{Uri.EscapeDataString(_options.BestTimeProvider)}", account,
            [("start", Format(start, zone)), ("end", Format(end, zone)), ("timezone", zone.Id)], cancellationToken) ?? [];

    /// <summary>
    /// The brand's time zone, from <c>GET /admin/simpleProfiles</c> (the user's brands, each with its IANA
    /// <c>timezone</c>); UTC when the brand names none Silo knows.
    /// </summary>
    public async Task<TimeZoneInfo> GetBrandTimeZoneAsync(MetricoolAccount account, CancellationToken cancellationToken)
    {
        using var brands = await ReadDocumentAsync("admin/simpleProfiles", account, cancellationToken);
        var list = brands.RootElement.ValueKind == JsonValueKind.Object && brands.RootElement.TryGetProperty("data", out var data) ? data : brands.RootElement;
        if (list.ValueKind != JsonValueKind.Array) return TimeZoneInfo.Utc;
        foreach (var brand in list.EnumerateArray())
        {
            if (!brand.TryGetProperty("id", out var id) || id.ToString() != account.BlogId) continue;
            if (brand.TryGetProperty("timezone", out var zone) && zone.ValueKind == JsonValueKind.String
                && TimeZoneInfo.TryFindSystemTimeZoneById(zone.GetString()!, out var found))
                return found;
            LogUnknownTimeZone(account.BlogId, zone.ValueKind == JsonValueKind.String ? zone.GetString() : null);
            return TimeZoneInfo.Utc;
        }
        return TimeZoneInfo.Utc;
    }

    /// <summary>A read whose answer is not in Metricool's <c>{"data": …}</c> envelope (the admin endpoints).</summary>
    private async Task<JsonDocument> ReadDocumentAsync(string path, MetricoolAccount account, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _reads.ExecuteAsync(async ct =>
            {
                using var request = Request(HttpMethod.Get, path, account, []);
                return await _http.SendAsync(request, ct);
            }, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new MetricoolUnavailableException($"GET {path}: HTTP {(int)response.StatusCode}: {await ErrorText(response, cancellationToken)}");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or JsonException)
        {
            throw new MetricoolUnavailableException($"GET {path}: {e.Message}", e);
        }
    }

    private async Task<T?> ReadAsync<T>(string path, MetricoolAccount account, (string, string)[] query, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _reads.ExecuteAsync(async ct =>
            {
                using var request = Request(HttpMethod.Get, path, account, query);
                return await _http.SendAsync(request, ct);
            }, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new MetricoolUnavailableException($"GET {path}: HTTP {(int)response.StatusCode}: {await ErrorText(response, cancellationToken)}");
            var body = await response.Content.ReadFromJsonAsync<MetricoolResponse<T>>(Json, cancellationToken);
            return body is null ? default : body.Data;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or JsonException)
        {
            throw new MetricoolUnavailableException($"GET {path}: {e.Message}", e);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path, MetricoolAccount account, (string Name, string Value)[] query)
    {
        var parameters = new[] { ("userId", account.UserId), ("blogId", account.BlogId) }.Concat(query)
            .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}");
        var request = new HttpRequestMessage(method, new Uri(BaseUri(), $"{path}?{string.Join('&', parameters)}"));
        var token = account.Token ?? _options.Token;
        if (string.IsNullOrWhiteSpace(token))
            throw new MetricoolUnavailableException($"{MetricoolOptions.Section}:Token is not set (or METRICOOL_USER_TOKEN).");
        request.Headers.Add("X-Mc-Auth", token);
        return request;
    }

    private Uri BaseUri() => new(_options.BaseUrl.EndsWith('/') ? _options.BaseUrl : _options.BaseUrl + "/");

    private static async Task<string> ErrorText(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length > 300 ? text[..300] : text;
    }

    private static DateTimeInfo ToInfo(DateTimeOffset at) => new(Format(at), "UTC");

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string Format(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a Metricool date (local text in its time zone; Silo always uses UTC).</summary>
    public static DateTimeOffset? Parse(DateTimeInfo? info) =>
        info is not null && DateTime.TryParse(info.DateTime, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero) : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metricool brand {BlogId} names the time zone '{TimeZone}', which this machine does not know: best times are taken in UTC")]
    private partial void LogUnknownTimeZone(string blogId, string? timeZone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying a Metricool read (attempt {Attempt}) after {Outcome}")]
    private partial void LogReadRetry(int attempt, string outcome);
}

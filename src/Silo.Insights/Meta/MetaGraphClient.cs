using System.Net.Http.Headers;
using Silo.Hosting.Meta;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Silo.Insights.Hosting;

namespace Silo.Insights.Meta;

/// <summary>
/// The Graph Marketing API over HTTP. Transport failures and 5xx are retried here (Polly, short);
/// Meta's error bodies become <see cref="MetaApiException"/> for the caller, because rate limits are
/// handled per ad account by the grains (a sleep here would hold one grain, not slow the account).
/// The token travels in the Authorization header, never in a URL that could be logged.
/// </summary>
public sealed class MetaGraphClient
{
    public const string HttpClientName = "meta-graph";

    private readonly IHttpClientFactory _factory;
    private readonly InsightsOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly MetaApiLatency? _latency;
    private readonly TimeProvider _time;

    public MetaGraphClient(IHttpClientFactory factory, IOptions<InsightsOptions> options, TimeProvider time, MetaApiLatency? latency = null)
    {
        _factory = factory;
        _options = options.Value;
        _latency = latency;
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
            })
            .AddTimeout(TimeSpan.FromSeconds(30))
            .Build();
    }

    /// <summary>Base URL with a trailing slash, so relative paths keep any path prefix it has.</summary>
    public Uri BaseUrl => _options.GraphBaseUrl.AbsoluteUri.EndsWith('/') ? _options.GraphBaseUrl : new Uri(_options.GraphBaseUrl.AbsoluteUri + "/");

    /// <summary>GET <c>{version}/{path}</c>.</summary>
    public Task<MetaResponse> GetAsync(string path, IReadOnlyDictionary<string, string> query, string token, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(path, query)), token, cancellationToken);

    /// <summary>GET an absolute <c>paging.next</c> URL, only when it points at the configured Graph host.</summary>
    public Task<MetaResponse> GetNextPageAsync(Uri next, string token, CancellationToken cancellationToken)
    {
        if (!string.Equals(next.Authority, BaseUrl.Authority, StringComparison.OrdinalIgnoreCase) || next.Scheme != BaseUrl.Scheme)
            throw new InvalidOperationException($"A paging link left the configured Graph API host ({next.Authority}); not following it with the token.");
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, next), token, cancellationToken);
    }

    /// <summary>POST <c>{version}/{path}</c> with a form body, as the Graph API takes parameters.</summary>
    public Task<MetaResponse> PostAsync(string path, IReadOnlyDictionary<string, string> form, string token, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url(path, new Dictionary<string, string>())) { Content = new FormUrlEncodedContent(form) },
            token, cancellationToken);

    private Uri Url(string path, IReadOnlyDictionary<string, string> query)
    {
        var text = $"{_options.ApiVersion}/{path}";
        if (query.Count > 0) text += "?" + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new Uri(BaseUrl, text);
    }

    private async Task<MetaResponse> SendAsync(Func<HttpRequestMessage> create, string token, CancellationToken cancellationToken)
    {
        var http = _factory.CreateClient(HttpClientName);
        using var response = await _pipeline.ExecuteAsync(async ct =>
        {
            using var request = create();
            request.RequestUri = AppSecretProof.AddTo(request.RequestUri!, token, _options.AppSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var started = _time.GetTimestamp();
            int? status = null;
            try
            {
                var answer = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                status = (int)answer.StatusCode;
                return answer;
            }
            finally
            {
                _latency?.Record(_time.GetElapsedTime(started), request.Method.Method, status);
            }
        }, cancellationToken);

        var usage = MetaUsage.FromHeaders(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"The Graph API answered {(int)response.StatusCode} with a body that is not JSON.");
        }
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error))
            throw Error(error, (int)response.StatusCode, usage);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"The Graph API answered {(int)response.StatusCode} without an error body.");
        return new MetaResponse(json, usage);
    }

    private static MetaApiException Error(JsonElement error, int status, MetaUsage usage)
    {
        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
        int? subcode = error.TryGetProperty("error_subcode", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "Graph API error";
        return new MetaApiException(code, subcode, message, status, usage.RegainAfter);
    }
}

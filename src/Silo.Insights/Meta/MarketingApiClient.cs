using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Silo.Hosting.Meta;
using Silo.Insights.Hosting;

namespace Silo.Insights.Meta;

/// <summary>
/// The Graph Marketing API over the shared <see cref="GraphApiClient"/>. Transport failures and 5xx are retried here
/// (Polly, short) and each exchange is timed (<see cref="MetaApiLatency"/>); Meta's refusals reach the grains as
/// <see cref="GraphApiException"/>, because rate limits are handled per ad account (a sleep here would hold one grain,
/// not slow the account).
/// </summary>
public sealed class MarketingApiClient
{
    public const string HttpClientName = "meta-graph";

    private readonly GraphApiClient _graph;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly MetaApiLatency? _latency;
    private readonly TimeProvider _time;

    public MarketingApiClient(IHttpClientFactory factory, IOptions<InsightsOptions> options, TimeProvider time, MetaApiLatency? latency = null)
    {
        var o = options.Value;
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
        var endpoint = new GraphEndpoint(o.GraphBaseUrl, o.ApiVersion, o.AppSecret);
        _graph = new GraphApiClient(() => factory.CreateClient(HttpClientName), () => endpoint, ExchangeAsync);
    }

    /// <summary>Base URL with a trailing slash, so relative paths keep any path prefix it has.</summary>
    public Uri BaseUrl => _graph.BaseUrl;

    /// <summary>GET <c>{version}/{path}</c>.</summary>
    public Task<GraphResponse> GetAsync(string path, IReadOnlyDictionary<string, string> query, string token, CancellationToken cancellationToken) =>
        _graph.GetAsync(path, query, token, cancellationToken);

    /// <summary>GET an absolute <c>paging.next</c> URL, only when it points at the configured Graph host.</summary>
    public Task<GraphResponse> GetNextPageAsync(Uri next, string token, CancellationToken cancellationToken) =>
        _graph.GetNextPageAsync(next, token, cancellationToken);

    /// <summary>POST <c>{version}/{path}</c> with a form body.</summary>
    public Task<GraphResponse> PostAsync(string path, IReadOnlyDictionary<string, string> form, string token, CancellationToken cancellationToken) =>
        _graph.PostAsync(path, form, token, cancellationToken);

    private async Task<HttpResponseMessage> ExchangeAsync(HttpClient http, Func<HttpRequestMessage> build, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct =>
        {
            using var request = build();
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
}

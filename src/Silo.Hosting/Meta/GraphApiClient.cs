using System.Net.Http.Headers;
using System.Text.Json;

namespace Silo.Hosting.Meta;

/// <summary>
/// Sends one request built for <paramref name="request"/> (called again for each attempt) and answers Meta's response:
/// where a module puts its retries and timings.
/// </summary>
public delegate Task<HttpResponseMessage> GraphExchange(HttpClient http, Func<HttpRequestMessage> request, CancellationToken cancellationToken);

/// <summary>
/// The Graph API over HTTP, one way for every module: <c>{base}/{version}/{path}</c>, the access token in the
/// Authorization header (never in a URL that could be logged) with its <see cref="AppSecretProof"/>, the usage headers
/// read into <see cref="GraphUsage"/> and Meta's error body into <see cref="GraphApiException"/>. What to do about a
/// refusal (rest, retry, stop the account) is each caller's policy; so are retries, through <paramref name="exchange"/>
/// (by default each request is sent once).
/// </summary>
public sealed class GraphApiClient(Func<HttpClient> http, Func<GraphEndpoint> endpoint, GraphExchange? exchange = null)
{
    /// <summary>The configured base URL with a trailing slash, so relative paths keep any path prefix it has.</summary>
    public Uri BaseUrl => WithSlash(endpoint().BaseUrl);

    /// <summary>GET <c>{version}/{path}</c>.</summary>
    public Task<GraphResponse> GetAsync(string path, IReadOnlyDictionary<string, string> query, string? token, CancellationToken cancellationToken)
    {
        var url = Url(path, query);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), token, cancellationToken);
    }

    /// <summary>GET an absolute <c>paging.next</c> URL, only when it points at the configured Graph host.</summary>
    public Task<GraphResponse> GetNextPageAsync(Uri next, string? token, CancellationToken cancellationToken)
    {
        var baseUrl = BaseUrl;
        if (!string.Equals(next.Authority, baseUrl.Authority, StringComparison.OrdinalIgnoreCase) || next.Scheme != baseUrl.Scheme)
            throw new InvalidOperationException($"A paging link left the configured Graph API host ({next.Authority}); not following it with the token.");
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, next), token, cancellationToken);
    }

    /// <summary>POST <c>{version}/{path}</c> with a form body, as the Graph API takes parameters.</summary>
    public Task<GraphResponse> PostAsync(string path, IReadOnlyDictionary<string, string> form, string? token, CancellationToken cancellationToken)
    {
        var url = Url(path, new Dictionary<string, string>());
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) }, token, cancellationToken);
    }

    private Uri Url(string path, IReadOnlyDictionary<string, string> query)
    {
        var configured = endpoint();
        var text = $"{configured.Version}/{path}";
        if (query.Count > 0) text += "?" + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new Uri(WithSlash(configured.BaseUrl), text);
    }

    private async Task<GraphResponse> SendAsync(Func<HttpRequestMessage> create, string? token, CancellationToken cancellationToken)
    {
        var appSecret = endpoint().AppSecret;
        HttpRequestMessage Build()
        {
            var request = create();
            request.RequestUri = AppSecretProof.AddTo(request.RequestUri!, token, appSecret);
            if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        using var response = await (exchange ?? SendOnceAsync)(http(), Build, cancellationToken);
        var status = (int)response.StatusCode;
        var usage = GraphUsage.Read(response.Headers);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? json = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        // Meta's error shape wins whatever the status: it says what went wrong.
        if (json is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            throw new GraphApiException(status, Integer(error, "code"), Integer(error, "error_subcode"),
                Text(error, "message") ?? "Graph API error", Text(error, "fbtrace_id"), usage);
        if (!response.IsSuccessStatusCode)
            throw new GraphApiException(status, null, null, body.Length > 500 ? body[..500] : body, usage: usage);
        return json is { } answer
            ? new GraphResponse(answer, usage)
            : throw new HttpRequestException($"The Graph API answered {status} with a body that is not JSON.");
    }

    private static async Task<HttpResponseMessage> SendOnceAsync(HttpClient http, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var request = build();
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private static int? Integer(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

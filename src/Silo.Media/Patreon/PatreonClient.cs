using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Silo.Media.Patreon;

/// <summary>
/// The Patreon API v2 calls a crawl makes (JSON:API documents): a campaign's post list paged by
/// <c>page[cursor]</c>, one post with its <c>fields[post]</c>, a campaign's tiers. A plain HTTP client
/// against <see cref="PatreonOptions.BaseUrl"/>; the token goes in the Authorization header only. Each call takes the
/// creator token of the campaign's tenant (<c>Silo:Tenants:&lt;tenant&gt;:Tokens:patreon</c>), or null for the cluster's
/// <see cref="PatreonOptions.AccessToken"/>.
/// </summary>
public sealed class PatreonClient(HttpClient http, IOptionsMonitor<PatreonOptions> options)
{
    /// <summary>What phase 1 asks for per post: enough to order and show the list.</summary>
    public const string ListFields = "title,published_at,url";

    /// <summary>
    /// What phase 2 asks for: every attribute Patreon documents for a post that says what it holds. The
    /// API documents no attachment fields, so media come from the HTML <c>content</c> and the embed.
    /// </summary>
    public const string PostFields = "title,content,url,published_at,embed_data,embed_url,is_public,is_paid,tiers";

    /// <summary>The token a call with <paramref name="tenantToken"/> sends: the tenant's, else the cluster's.</summary>
    public string TokenFor(string? tenantToken) => tenantToken ?? options.CurrentValue.AccessToken ?? "";

    /// <summary>One page of the campaign's posts and the cursor of the next (null after the last).</summary>
    public async Task<PatreonPostPage> ListPostsAsync(string campaignId, string? cursor, int count, string? token, CancellationToken cancellationToken)
    {
        var query = $"campaigns/{Uri.EscapeDataString(campaignId)}/posts?{Param("fields[post]", ListFields)}&{Param("page[count]", count.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        if (cursor is not null) query += "&" + Param("page[cursor]", cursor);
        using var document = await GetAsync(query, token, cancellationToken);
        var root = document.RootElement;
        var posts = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().Select(e => e.Clone()).ToList()
            : throw new JsonException("The post list has no data array.");
        string? next = null;
        if (root.TryGetProperty("meta", out var meta) && meta.TryGetProperty("pagination", out var pagination)
            && pagination.TryGetProperty("cursors", out var cursors) && cursors.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String)
            next = n.GetString();
        return new PatreonPostPage(posts, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>The post's resource object (<c>data</c>) with <see cref="PostFields"/>.</summary>
    public async Task<JsonElement> GetPostAsync(string postId, string? token, CancellationToken cancellationToken)
    {
        using var document = await GetAsync($"posts/{Uri.EscapeDataString(postId)}?{Param("fields[post]", PostFields)}", token, cancellationToken);
        return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data.Clone()
            : throw new JsonException("The post answer has no data object.");
    }

    /// <summary>The campaign's tiers (<c>include=tiers</c>), from the document's <c>included</c> resources.</summary>
    public async Task<IReadOnlyList<PatreonTier>> GetTiersAsync(string campaignId, string? token, CancellationToken cancellationToken)
    {
        using var document = await GetAsync(
            $"campaigns/{Uri.EscapeDataString(campaignId)}?include=tiers&{Param("fields[tier]", "title,amount_cents")}", token, cancellationToken);
        var tiers = new List<PatreonTier>();
        if (!document.RootElement.TryGetProperty("included", out var included) || included.ValueKind != JsonValueKind.Array) return tiers;
        foreach (var resource in included.EnumerateArray())
        {
            if (PatreonPosts.Str(resource, "type") != "tier" || PatreonPosts.Str(resource, "id") is not { } id) continue;
            var attributes = resource.TryGetProperty("attributes", out var a) ? a : default;
            tiers.Add(new PatreonTier(id, attributes.ValueKind == JsonValueKind.Object ? PatreonPosts.Str(attributes, "title") : null,
                attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty("amount_cents", out var cents) && cents.ValueKind == JsonValueKind.Number
                    ? cents.GetInt32() : null));
        }
        return tiers;
    }

    private async Task<JsonDocument> GetAsync(string pathAndQuery, string? token, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(o.BaseUrl.TrimEnd('/') + "/api/oauth2/v2/"), pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(token));
        request.Headers.Accept.ParseAdd("application/vnd.api+json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new PatreonApiException(response.StatusCode, ErrorDetail(body) ?? response.ReasonPhrase ?? "error", RetryAfter(response));
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    /// <summary>Patreon's JSON:API <c>errors[0]</c>: its title and detail, never the request (which carries nothing secret anyway).</summary>
    private static string? ErrorDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0) return null;
            var first = errors[0];
            var title = PatreonPosts.Str(first, "title");
            var detail = PatreonPosts.Str(first, "detail");
            return title is null ? detail : detail is null ? title : $"{title} {detail}";
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        // Patreon sends seconds; an HTTP date (or none) leaves the crawl's own RateLimitWait.
        return response.StatusCode == HttpStatusCode.TooManyRequests ? response.Headers.RetryAfter?.Delta : null;
    }

    private static string Param(string name, string value) => $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
}

/// <summary>A page of a campaign's post list: the post resources and the cursor of the next page.</summary>
public sealed record PatreonPostPage(IReadOnlyList<JsonElement> Posts, string? Next);

/// <summary>A campaign tier (<c>type: tier</c>), the group a locked post belongs to.</summary>
[GenerateSerializer, Immutable, Alias("silo.media.PatreonTier")]
public sealed record PatreonTier([property: Id(0)] string Id, [property: Id(1)] string? Title, [property: Id(2)] int? AmountCents);

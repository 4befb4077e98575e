using System.Globalization;
using System.Text.Json;
using Silo.Hosting.Meta;

namespace Silo.Media.Meta;

/// <summary>The history walks' reads: a page's posts and an Instagram account's media, one page of the Graph API's paged list per call.</summary>
public sealed partial class MetaGraphClient
{
    /// <summary>The fields a page backfill asks for (seed 002): enough to hand each post to its grain without reading it again.</summary>
    public const string PagePostFields = "id,message,created_time,permalink_url,full_picture,attachments{media_type,media,url,subattachments}";

    /// <summary>
    /// One page of <c>/{page-id}/posts</c> (newest first), after <paramref name="after"/>, within
    /// <paramref name="since"/>..<paramref name="until"/>, read with the page's token.
    /// </summary>
    public Task<GraphListPage> ListPagePostsAsync(string pageId, string? after, DateTimeOffset? since, DateTimeOffset? until, int limit,
        CancellationToken cancellationToken) =>
        ListAsync($"{Uri.EscapeDataString(pageId)}/posts", PagePostFields, pageId, after, since, until, limit, cancellationToken);

    /// <summary>One page of <c>/{ig-user-id}/media</c> (newest first), with carousel children and video thumbnails.</summary>
    public Task<GraphListPage> ListInstagramHistoryAsync(string igUserId, string? after, DateTimeOffset? since, DateTimeOffset? until, int limit,
        CancellationToken cancellationToken) =>
        ListAsync($"{Uri.EscapeDataString(igUserId)}/media", InstagramFields, igUserId, after, since, until, limit, cancellationToken);

    /// <summary>The token a page's (or account's) reads use: its own from <c>Silo:Meta:PageTokens</c>, else the app's.</summary>
    public string? TokenFor(string accountId) => options.CurrentValue.TokenFor(accountId);

    private async Task<GraphListPage> ListAsync(string edge, string fields, string accountId, string? after, DateTimeOffset? since,
        DateTimeOffset? until, int limit, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string> { ["fields"] = fields, ["limit"] = limit.ToString(CultureInfo.InvariantCulture) };
        if (since is { } s) query["since"] = s.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (until is { } u) query["until"] = u.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (after is not null) query["after"] = after;
        var answer = await _graph.GetAsync(edge, query, TokenFor(accountId), cancellationToken);
        var root = answer.Body;
        var items = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().ToList() : [];
        // The Graph API marks the last page by leaving out `next`; its cursors are then not to be followed.
        var next = root.TryGetProperty("paging", out var paging) && paging.TryGetProperty("next", out _)
            && paging.TryGetProperty("cursors", out var cursors) && cursors.TryGetProperty("after", out var a) ? a.GetString() : null;
        return new GraphListPage(items, next, answer.Usage);
    }
}

/// <summary>One page of a Graph API list: its items, the cursor of the next page (null on the last), and the usage reported.</summary>
public sealed record GraphListPage(IReadOnlyList<JsonElement> Items, string? After, GraphUsage Usage);

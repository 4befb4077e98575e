using Silo.Hosting.Meta;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Media.Posts;

namespace Silo.Media.Meta;

/// <summary>
/// The Graph API calls the media module makes: re-reading a post's media links (fresh signed CDN
/// URLs) and listing an Instagram account's media. A plain HTTP client against a configurable base URL.
/// </summary>
public sealed partial class MetaGraphClient(HttpClient http, IOptionsMonitor<MetaOptions> options)
{
    public const string FacebookFields = "full_picture,picture,attachments{media{image{src},source},media_type,subattachments{media{image{src},source},media_type}}";
    public const string InstagramFields = "id,caption,media_type,media_url,thumbnail_url,media_product_type,timestamp,permalink,children{media_type,media_url,thumbnail_url}";

    /// <summary>The post's media slots with fresh URLs, read from the Graph API.</summary>
    public async Task<IReadOnlyList<MediaItem>> ResolveMediaAsync(string source, string objectId, CancellationToken cancellationToken)
    {
        var fields = source == "instagram" ? InstagramFields : FacebookFields;
        using var document = await GetAsync($"{Uri.EscapeDataString(objectId)}?fields={Uri.EscapeDataString(fields)}", cancellationToken);
        return source == "instagram" ? InstagramSlots(document.RootElement) : FacebookSlots(document.RootElement);
    }

    /// <summary>One page of an Instagram account's media, newest first, with the cursor of the next page.</summary>
    public async Task<(List<JsonElement> Media, string? After)> ListInstagramMediaAsync(string igUserId, string? after, CancellationToken cancellationToken)
    {
        var query = $"{Uri.EscapeDataString(igUserId)}/media?fields={Uri.EscapeDataString(InstagramFields)}&limit=50";
        if (after is not null) query += $"&after={Uri.EscapeDataString(after)}";
        using var document = await GetAsync(query, cancellationToken);
        var media = document.RootElement.TryGetProperty("data", out var data) ? data.EnumerateArray().Select(e => e.Clone()).ToList() : [];
        var next = document.RootElement.TryGetProperty("paging", out var paging) && paging.TryGetProperty("next", out _)
            && paging.TryGetProperty("cursors", out var cursors) && cursors.TryGetProperty("after", out var a) ? a.GetString() : null;
        return (media, next);
    }

    public static IReadOnlyList<MediaItem> InstagramSlots(JsonElement media)
    {
        var items = new List<MediaItem>();
        var isVideo = Str(media, "media_type") == "VIDEO";
        if (Str(media, "media_url") is { } url) items.Add(new MediaItem("media", url, isVideo ? "video" : "image"));
        if (Str(media, "thumbnail_url") is { } thumbnail) items.Add(new MediaItem("thumbnail", thumbnail, "image"));
        if (media.TryGetProperty("children", out var children) && children.TryGetProperty("data", out var data))
        {
            var i = 0;
            foreach (var child in data.EnumerateArray())
            {
                if (Str(child, "media_url") is { } childUrl)
                    items.Add(new MediaItem($"child:{i}", childUrl, Str(child, "media_type") == "VIDEO" ? "video" : "image"));
                i++;
            }
        }
        return items;
    }

    public static List<MediaItem> FacebookSlots(JsonElement post)
    {
        var items = new List<MediaItem>();
        if (Str(post, "picture") is { } picture) items.Add(new MediaItem("picture", picture, "image"));
        if (Str(post, "full_picture") is { } full) items.Add(new MediaItem("full_picture", full, "image"));
        if (post.TryGetProperty("attachments", out var attachments) && attachments.TryGetProperty("data", out var data))
        {
            var i = 0;
            foreach (var attachment in data.EnumerateArray())
            {
                AddAttachment(items, attachment, $"attachment:{i}");
                if (attachment.TryGetProperty("subattachments", out var subs) && subs.TryGetProperty("data", out var subData))
                {
                    var j = 0;
                    foreach (var sub in subData.EnumerateArray()) AddAttachment(items, sub, $"subattachment:{i}:{j++}");
                }
                i++;
            }
        }
        return items;
    }

    private static void AddAttachment(List<MediaItem> items, JsonElement attachment, string slot)
    {
        if (!attachment.TryGetProperty("media", out var media)) return;
        if (Str(media, "source") is { } video) items.Add(new MediaItem(slot + ":video", video, "video"));
        if (media.TryGetProperty("image", out var image) && Str(image, "src") is { } src) items.Add(new MediaItem(slot, src, "image"));
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private async Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        (await GetWithUsageAsync(pathAndQuery, options.CurrentValue.AccessToken, cancellationToken)).Document;

    /// <summary>A GET with <paramref name="token"/>, answering the body and the usage Meta reported in its headers.</summary>
    private async Task<(JsonDocument Document, GraphUsage Usage)> GetWithUsageAsync(string pathAndQuery, string? token, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var url = $"{o.GraphBaseUrl.TrimEnd('/')}/{o.GraphVersion}/{pathAndQuery}";
        using var request = new HttpRequestMessage(HttpMethod.Get, AppSecretProof.AddTo(new Uri(url), token, o.AppSecret));
        // The token travels in a header, not the query string, so it never lands in access logs.
        if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var usage = GraphUsage.Read(response.Headers);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new MetaGraphException((int)response.StatusCode, body.Length > 500 ? body[..500] : body) { Usage = usage };
        }
        return (await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken) ?? throw new MetaGraphException(200, "empty body"), usage);
    }
}

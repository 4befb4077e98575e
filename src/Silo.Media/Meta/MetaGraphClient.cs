using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Hosting.Meta;
using Silo.Media.Posts;

namespace Silo.Media.Meta;

/// <summary>
/// The Graph API calls the media module makes: re-reading a post's media links (fresh signed CDN
/// URLs) and listing an Instagram account's media, over the shared <see cref="GraphApiClient"/>
/// (each request sent once: the grains decide when to try again).
/// </summary>
public sealed partial class MetaGraphClient(HttpClient http, IOptionsMonitor<MetaOptions> options)
{
    private readonly GraphApiClient _graph = new(() => http, () =>
    {
        var o = options.CurrentValue;
        return new GraphEndpoint(new Uri(o.GraphBaseUrl), o.GraphVersion, o.AppSecret);
    });

    public const string FacebookFields = "full_picture,picture,attachments{media{image{src},source},media_type,subattachments{media{image{src},source},media_type}}";
    public const string InstagramFields = "id,caption,media_type,media_url,thumbnail_url,media_product_type,timestamp,permalink,children{media_type,media_url,thumbnail_url}";

    /// <summary>The post's media slots with fresh URLs, read from the Graph API.</summary>
    public async Task<IReadOnlyList<MediaItem>> ResolveMediaAsync(string source, string objectId, CancellationToken cancellationToken)
    {
        var fields = source == "instagram" ? InstagramFields : FacebookFields;
        var answer = await _graph.GetAsync(Uri.EscapeDataString(objectId), new Dictionary<string, string> { ["fields"] = fields },
            options.CurrentValue.AccessToken, cancellationToken);
        return source == "instagram" ? InstagramSlots(answer.Body) : FacebookSlots(answer.Body);
    }

    /// <summary>One page of an Instagram account's media, newest first, with the cursor of the next page.</summary>
    public async Task<(List<JsonElement> Media, string? After)> ListInstagramMediaAsync(string igUserId, string? after, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string> { ["fields"] = InstagramFields, ["limit"] = "50" };
        if (after is not null) query["after"] = after;
        var root = (await _graph.GetAsync($"{Uri.EscapeDataString(igUserId)}/media", query, options.CurrentValue.AccessToken, cancellationToken)).Body;
        var media = root.TryGetProperty("data", out var data) ? data.EnumerateArray().ToList() : [];
        var next = root.TryGetProperty("paging", out var paging) && paging.TryGetProperty("next", out _)
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
}

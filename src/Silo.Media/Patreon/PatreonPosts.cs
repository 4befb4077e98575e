using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Silo.Media.Archiving;
using Silo.Media.Posts;

namespace Silo.Media.Patreon;

/// <summary>
/// Reads a Patreon post resource (API v2, <see cref="PatreonClient.PostFields"/>) into what the archive
/// takes: the post for its <c>PostGrain</c> and the crawl's own record of it. Patreon documents no
/// attachment fields on a post, so its media are what its HTML <c>content</c> holds (<c>img</c>,
/// <c>video</c>, <c>audio</c> elements, each in its own slot) and its embed (<c>embed_url</c> or
/// <c>embed_data.url</c>): a YouTube link becomes the <c>youtube</c> slot (embed or download per the
/// YouTube mode); another embed is kept as the post's link, not downloaded.
/// </summary>
public static partial class PatreonPosts
{
    public const string Source = "patreon";

    public static PatreonPostDetails Details(JsonElement post)
    {
        var id = Str(post, "id") ?? throw new JsonException("A post resource has no id.");
        var a = post.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object ? attributes : default;
        string? Attr(string name) => a.ValueKind == JsonValueKind.Object ? Str(a, name) : null;
        var embedUrl = Attr("embed_url");
        string? provider = null;
        if (a.ValueKind == JsonValueKind.Object && a.TryGetProperty("embed_data", out var embed) && embed.ValueKind == JsonValueKind.Object)
            (embedUrl, provider) = (embedUrl ?? Str(embed, "url"), Str(embed, "provider"));
        var tiers = a.ValueKind == JsonValueKind.Object && a.TryGetProperty("tiers", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? x.GetRawText() : x.GetString()).OfType<string>().ToArray()
            : [];
        bool? isPublic = a.ValueKind == JsonValueKind.Object && a.TryGetProperty("is_public", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? p.GetBoolean() : null;
        return new PatreonPostDetails(id, Attr("title"), Attr("content"), Attr("url"), Time(Attr("published_at")), embedUrl, isPublic, tiers, provider);
    }

    /// <summary>The post as its grain (<c>patreon:{postId}</c>) receives it, the same from a crawl run again.</summary>
    public static PostReceived ToPost(PatreonPostDetails post, string tenant)
    {
        var media = new List<MediaItem>();
        var content = post.Content ?? "";
        var images = 0;
        foreach (Match m in MediaElement().Matches(content))
        {
            var url = WebUtility.HtmlDecode(m.Groups["src"].Value);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) continue;
            var kind = m.Groups["tag"].Value.ToLowerInvariant() switch { "img" => "image", "audio" => "audio", _ => "video" };
            var slot = kind switch { "image" => $"image:{images++}", "audio" => $"attachment:{media.Count}:audio", _ => $"attachment:{media.Count}:video" };
            if (media.All(x => x.Url != url)) media.Add(new MediaItem(slot, url, kind));
        }
        // A YouTube link by its address, or by the provider Patreon names (a watch page elsewhere that yt-dlp reads the same way).
        var isYouTube = post.EmbedUrl is { } embed
            && (MediaPolicy.YouTubeId(embed) is not null || string.Equals(post.EmbedProvider, "YouTube", StringComparison.OrdinalIgnoreCase));
        if (isYouTube) media.Add(new MediaItem("youtube", post.EmbedUrl!, "video"));
        var text = PlainText(content);
        var message = string.Join("\n\n", new[] { post.Title, text, isYouTube ? null : post.EmbedUrl }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new PostReceived(Source, post.Id, tenant, message.Length == 0 ? null : message, "patreon_post", media, Permalink: post.Url, ListsAllMedia: true);
    }

    /// <summary>The content's text without its markup (paragraphs kept as lines).</summary>
    public static string PlainText(string html)
    {
        var text = BlockEnd().Replace(html, "\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;

    [GeneratedRegex("""<(?<tag>img|video|audio|source)\b[^>]*?\bsrc\s*=\s*["'](?<src>[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex MediaElement();

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}

/// <summary>What phase 2 read of one post (the crawl keeps it in patreon_crawl_posts).</summary>
[GenerateSerializer, Immutable, Alias("silo.media.PatreonPostDetails")]
public sealed record PatreonPostDetails(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Content,
    [property: Id(3)] string? Url,
    [property: Id(4)] DateTimeOffset? PublishedAt,
    [property: Id(5)] string? EmbedUrl,
    [property: Id(6)] bool? IsPublic,
    [property: Id(7)] string[] Tiers,
    [property: Id(8)] string? EmbedProvider = null);

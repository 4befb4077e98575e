using System.Text.Json;
using Silo.Media.Posts;

namespace Silo.Media.Meta;

/// <summary>
/// Reads a Page webhook delivery (<c>{"object":"page","entry":[{"id","time","changes":[{"field":"feed","value":{…}}]}]}</c>).
/// Feed changes for photo, video, status, share and post items with verb add or edited are kept;
/// other fields, items and verbs are counted as ignored. A delivery that is not that shape, or
/// a kept change without a post id, throws <see cref="FormatException"/>: then nothing is stored.
/// </summary>
public static class MetaWebhookParser
{
    private static readonly HashSet<string> Items = ["photo", "video", "status", "share", "post"];
    private static readonly HashSet<string> Verbs = ["add", "edited", "edit"];

    public static (List<FeedChange> Accepted, int Ignored) Parse(ReadOnlySpan<byte> body, Func<string, string> tenantOf)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException e) { throw new FormatException($"The body is not JSON: {e.Message}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "object") is not { } kind)
                throw new FormatException("object is required.");
            if (kind != "page") throw new FormatException($"object '{kind}' is not supported; only page feed webhooks are.");
            if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
                throw new FormatException("entry must be an array.");
            var accepted = new List<FeedChange>();
            var ignored = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                var pageId = Str(entry, "id") ?? throw new FormatException("entry[].id is required.");
                // Unix seconds of the change; a delivery without it (or with another shape) applies in arrival order.
                DateTimeOffset? changedAt = entry.TryGetProperty("time", out var time) && time.TryGetInt64(out var seconds)
                    && seconds is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
                if (!entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array) continue;
                foreach (var change in changes.EnumerateArray())
                {
                    if (Str(change, "field") != "feed" || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object
                        || Str(value, "item") is not { } item || !Items.Contains(item) || !Verbs.Contains(Str(value, "verb") ?? ""))
                    {
                        ignored++;
                        continue;
                    }
                    var postId = Str(value, "post_id") ?? throw new FormatException($"a feed {item} change has no post_id.");
                    accepted.Add(new FeedChange(new PostReceived("facebook", postId, tenantOf(pageId), Str(value, "message"), item,
                        MediaOf(item, value), GraphObjectId: postId, Permalink: Str(value, "permalink_url"), ChangedAt: changedAt)));
                }
            }
            return (accepted, ignored);
        }
    }

    private static List<MediaItem> MediaOf(string item, JsonElement value)
    {
        var media = new List<MediaItem>();
        if (Str(value, "link") is { } link && Uri.IsWellFormedUriString(link, UriKind.Absolute) && item is "photo" or "video")
            media.Add(item == "video" ? new MediaItem("video", link, "video") : new MediaItem("full_picture", link, "image"));
        if (value.TryGetProperty("photos", out var photos) && photos.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var photo in photos.EnumerateArray())
                if (photo.ValueKind == JsonValueKind.String) media.Add(new MediaItem($"attachment:{i++}", photo.GetString()!, "image"));
        }
        // Status and share changes carry no media links: the post grain reads them from the Graph API.
        return media;
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;
}

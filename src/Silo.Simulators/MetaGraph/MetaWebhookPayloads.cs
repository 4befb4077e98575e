using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Silo.Simulators.MetaGraph;

/// <summary>
/// Page webhook deliveries in Meta's documented shape
/// (<c>{"object":"page","entry":[{"id","time","changes":[{"field":"feed","value":{…}}]}]}</c>) and their
/// <c>X-Hub-Signature-256</c>, for tests and the demo.
/// </summary>
public static class MetaWebhookPayloads
{
    /// <summary>One feed change value: <paramref name="Item"/> photo, video, status, share…; <paramref name="Verb"/> add, edited, remove.</summary>
    public sealed record FeedValue(string Item, string PostId, string? Message, string? Link = null, string Verb = "add",
        IReadOnlyList<string>? Photos = null, long CreatedTime = 1_700_000_000);

    /// <summary>Entries' <c>time</c> (when their changes were made) unless a delivery says otherwise.</summary>
    public static readonly DateTimeOffset DefaultTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_100);

    public static string PageFeed(string pageId, params FeedValue[] values) => PageFeedAt(pageId, DefaultTime, values);

    /// <summary>A delivery whose entry was changed at <paramref name="time"/> (Meta's <c>entry[].time</c>, Unix seconds).</summary>
    public static string PageFeedAt(string pageId, DateTimeOffset time, params FeedValue[] values) => PageChangesAt(pageId, time,
        values.Select(v => ("feed", (object)Value(pageId, v))).ToArray());

    /// <summary>A delivery with arbitrary fields (for unknown change types).</summary>
    public static string PageChanges(string pageId, params (string Field, object Value)[] changes) => PageChangesAt(pageId, DefaultTime, changes);

    private static string PageChangesAt(string pageId, DateTimeOffset time, (string Field, object Value)[] changes) =>
        JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = new[]
            {
                new { id = pageId, time = time.ToUnixTimeSeconds(), changes = changes.Select(c => new { field = c.Field, value = c.Value }).ToArray() },
            },
        });

    public static string Sign(string body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(body)));

    private static Dictionary<string, object?> Value(string pageId, FeedValue v)
    {
        var value = new Dictionary<string, object?>
        {
            ["from"] = new { id = pageId, name = "Silo Demo Page" },
            ["item"] = v.Item,
            ["post_id"] = v.PostId,
            ["verb"] = v.Verb,
            ["published"] = 1,
            ["created_time"] = v.CreatedTime,
        };
        if (v.Message is not null) value["message"] = v.Message;
        if (v.Link is not null) value["link"] = v.Link;
        if (v.Item == "photo") value["photo_id"] = v.PostId.Split('_').Last();
        if (v.Item == "video") value["video_id"] = v.PostId.Split('_').Last();
        if (v.Photos is { Count: > 0 }) value["photos"] = v.Photos;
        return value;
    }
}

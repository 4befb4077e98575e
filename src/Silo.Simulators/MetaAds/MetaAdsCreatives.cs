using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Silo.Simulators.MetaAds;

/// <summary>
/// The Marketing API's ad and ad video nodes as Meta documents them: <c>GET /{ad-id}?fields=creative{id,name,title,body,
/// image_url,thumbnail_url,video_id,object_story_spec}</c> answers the ad's id and the asked fields of its creative (only
/// those asked, as the Graph API does; <c>creative</c> alone is its id), and <c>GET /{video-id}?fields=source,picture</c>
/// the video's file and picture links.
/// </summary>
internal static class MetaAdsCreatives
{
    private static readonly JsonSerializerOptions Plain = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Whether the request's <c>fields</c> names <paramref name="field"/> at the top level.</summary>
    public static bool Asks(HttpContext context, string field) => Fields(context.Request.Query["fields"].ToString()).ContainsKey(field);

    public static IResult Ad(MetaAdsSimulator simulator, HttpContext context, MetaAdsEntity ad)
    {
        var fields = Fields(context.Request.Query["fields"].ToString());
        var answer = new Dictionary<string, object?> { ["id"] = ad.Id };
        if (fields.ContainsKey("name")) answer["name"] = ad.Name;
        if (fields.TryGetValue("creative", out var asked) && simulator.CreativeOf(ad.Id) is { } creative)
        {
            var wanted = asked.Count == 0 ? ["id"] : asked;
            var all = new Dictionary<string, object?>
            {
                ["id"] = creative.Id, ["name"] = creative.Name, ["title"] = creative.Title, ["body"] = creative.Body,
                ["image_url"] = creative.ImageUrl, ["thumbnail_url"] = creative.ThumbnailUrl, ["video_id"] = creative.VideoId,
                ["object_story_spec"] = StorySpec(ad, creative),
            };
            answer["creative"] = wanted.Where(all.ContainsKey).ToDictionary(f => f, f => all[f]);
        }
        return Results.Json(answer, Plain);
    }

    public static IResult Video(HttpContext context, MetaAdsVideo video)
    {
        var fields = Fields(context.Request.Query["fields"].ToString());
        var answer = new Dictionary<string, object?> { ["id"] = video.Id };
        if (fields.ContainsKey("source")) answer["source"] = video.Source;
        if (fields.ContainsKey("picture")) answer["picture"] = video.Picture;
        return Results.Json(answer, Plain);
    }

    /// <summary>The page post the creative would make: a link post for an image, a video post for a video.</summary>
    private static object StorySpec(MetaAdsEntity ad, MetaAdsCreative creative)
    {
        var page = ad.AccountId.Replace("act_", "", StringComparison.Ordinal);
        return creative.VideoId is { } video
            ? new Dictionary<string, object?>
            {
                ["page_id"] = page,
                ["video_data"] = new Dictionary<string, object?>
                    { ["video_id"] = video, ["title"] = creative.Title, ["message"] = creative.Body, ["image_url"] = creative.ThumbnailUrl },
            }
            : new Dictionary<string, object?>
            {
                ["page_id"] = page,
                ["link_data"] = new Dictionary<string, object?>
                    { ["link"] = "https://shop.example/", ["name"] = creative.Title, ["message"] = creative.Body, ["picture"] = creative.ImageUrl },
            };
    }

    /// <summary>Top-level fields with the sub-fields asked in braces: <c>id,creative{id,name}</c> → id: [], creative: [id, name].</summary>
    private static Dictionary<string, List<string>> Fields(string text)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            if (c == '{') depth++;
            else if (c == '}') depth--;
            else if (c == ',' && depth == 0)
            {
                var part = text[start..i].Trim();
                start = i + 1;
                if (part.Length == 0) continue;
                var brace = part.IndexOf('{');
                fields[brace < 0 ? part : part[..brace]] = brace < 0 ? [] : [.. part[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }
        }
        return fields;
    }
}

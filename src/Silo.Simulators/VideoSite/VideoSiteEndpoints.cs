using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Simulators.VideoSite;

/// <summary>Mounts a <see cref="VideoSiteSimulator"/>: <c>watch/{id}</c>, <c>player/{id}</c>, <c>media/{id}.mp4</c>, <c>subtitles/{id}.{lang}.vtt</c>.</summary>
public static class VideoSiteEndpoints
{
    /// <param name="isHome">False for a second server that serves the same site's files (its video CDN): the site's <c>BaseUrl</c> stays the first's.</param>
    public static IEndpointRouteBuilder MapVideoSiteSimulator(this WebApplication app, string prefix, VideoSiteSimulator site, bool isHome = true)
    {
        prefix = "/" + prefix.Trim('/');
        if (isHome) app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            site.BaseUrl = new Uri(address.TrimEnd('/') + prefix);
        });
        var group = app.MapGroup(prefix);
        group.MapGet("/watch/{id}", (string id) => Serve(site, $"watch/{id}", id, v => Results.Content(WatchPage(site, id, v), "text/html; charset=utf-8")));
        group.MapGet("/player/{id}", (string id) => Serve(site, $"player/{id}", id, v => Results.Content(PlayerPage(site, id, v), "text/html; charset=utf-8")));
        group.MapGet("/media/{id}.mp4", (string id) => Serve(site, $"media/{id}.mp4", id, v => Results.Bytes(v.Mp4, "video/mp4")));
        group.MapGet("/subtitles/{id}.{language}.vtt", (string id, string language) => Serve(site, $"subtitles/{id}.{language}.vtt", id,
            v => v.Subtitles.TryGetValue(language, out var text) ? Results.Text(text, "text/vtt; charset=utf-8") : Results.NotFound()));
        return app;
    }

    private static IResult Serve(VideoSiteSimulator site, string path, string id, Func<SiteVideo, IResult> answer)
    {
        site.Count(path);
        return site.Find(id) is { } video ? answer(video) : Results.NotFound();
    }

    private static string WatchPage(VideoSiteSimulator site, string id, SiteVideo video)
    {
        var details = new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "VideoObject",
            ["name"] = video.Title,
            ["author"] = new Dictionary<string, string> { ["@type"] = "Person", ["name"] = video.Uploader },
            ["uploadDate"] = video.UploadDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z",
            ["duration"] = XmlConvert.ToString(video.Duration),
            ["contentUrl"] = $"{video.PlayerSite ?? site.BaseUrl}/player/{id}",
        };
        if (video.Thumbnail is { } thumbnail) details["thumbnailUrl"] = thumbnail;
        var ld = JsonSerializer.Serialize(details);
        return $"""
            <!DOCTYPE html><html><head><title>{WebUtility.HtmlEncode(video.Title)}</title>
            <script type="application/ld+json">{ld}</script></head><body></body></html>
            """;
    }

    private static string PlayerPage(VideoSiteSimulator site, string id, SiteVideo video)
    {
        var tracks = string.Concat(video.Subtitles.Keys.Select(language =>
            $"""<track kind="subtitles" srclang="{language}" src="{site.BaseUrl}/subtitles/{id}.{language}.vtt">"""));
        return $"""
            <!DOCTYPE html><html><head><title>player</title></head><body>
            <video controls><source src="{site.MediaBaseUrl ?? site.BaseUrl}/media/{id}.mp4" type="video/mp4">{tracks}</video></body></html>
            """;
    }
}

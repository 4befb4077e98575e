using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Silo.Media.Posts;
using Silo.Hosting.Outbound;

namespace Silo.Media.Archiving;

/// <summary>Applies <see cref="MediaPolicyOptions"/> to a post's media items.</summary>
public sealed partial class MediaPolicy(IOptionsMonitor<MediaPolicyOptions> options, IOptions<MediaOptions> media)
{
    private readonly HostAllowList _videoPages = new(media.Value.YtDlp.EffectiveHosts);
    private readonly HostAllowList _fileHosts = new(media.Value.AllowedHosts);

    public void Apply(string source, PostMedia item)
    {
        var policy = options.CurrentValue;
        if (item.Role == "youtube" || IsVideoPage(item))
        {
            item.Role = "youtube";
            var id = YouTubeId(item.OriginalUrl);
            item.ExternalId = id;
            if (policy.YouTube.Mode == "download") { item.Action = MediaAction.YtDlp; return; }
            // The embed is usable at once; its details and subtitles are read by the archive work (pending until then).
            item.Action = MediaAction.Embed;
            item.EmbedHtml = id is null ? null
                : $"<iframe src=\"https://www.youtube.com/embed/{id}\" title=\"YouTube video\" allowfullscreen></iframe>";
            return;
        }
        var sourcePolicy = policy.For(source);
        if (item.Kind == "video" && !sourcePolicy.DownloadVideos)
        {
            item.Action = MediaAction.ViewOnSource;
            item.Status = MediaItemStatus.Skipped;
            item.Note = source == "patreon" ? "View on Patreon" : "View at the source";
            return;
        }
        if (item.Kind == "audio" && !sourcePolicy.DownloadAudios)
        {
            item.Action = MediaAction.ViewOnSource;
            item.Status = MediaItemStatus.Skipped;
            item.Note = source == "patreon" ? "Listen on Patreon" : "Listen at the source";
            return;
        }
        if (item.Kind == "image" && !sourcePolicy.DownloadImages)
        {
            item.Action = MediaAction.KeepUrl;
            item.Status = MediaItemStatus.Skipped;
            return;
        }
        item.Action = MediaAction.Download;
    }

    /// <summary>
    /// A video link on a host of <see cref="YtDlpOptions.Hosts"/> (YouTube's) is a watch page, not a file, in whichever slot it
    /// arrives (a Facebook share's attachment, a second video of a post): it follows the YouTube mode instead of failing the
    /// download as a refused host. A host on <see cref="MediaOptions.AllowedHosts"/> too serves files, and is downloaded.
    /// </summary>
    private bool IsVideoPage(PostMedia item) =>
        item.Kind == "video" && Uri.TryCreate(item.OriginalUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
        && _videoPages.Allows(url) && !_fileHosts.Allows(url);

    public static string? YouTubeId(string url)
    {
        var match = YouTubeIdPattern().Match(url);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"(?:youtu\.be/|youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/))([A-Za-z0-9_-]{11})")]
    private static partial Regex YouTubeIdPattern();
}

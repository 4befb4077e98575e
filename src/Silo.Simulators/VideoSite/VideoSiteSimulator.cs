using System.Collections.Concurrent;

namespace Silo.Simulators.VideoSite;

/// <summary>
/// A stand-in for a YouTube watch page that the real yt-dlp reads through its generic extractor, so
/// tests drive yt-dlp end to end on loopback: the watch page carries the video's schema.org
/// <c>VideoObject</c> (JSON-LD: name, author, uploadDate, ISO 8601 duration) pointing at a player page
/// whose HTML5 <c>&lt;video&gt;</c> has one <c>&lt;track kind="subtitles"&gt;</c> per language.
/// </summary>
public sealed class VideoSiteSimulator
{
    private readonly ConcurrentDictionary<string, SiteVideo> _videos = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();

    /// <summary>Where the site is mounted, set once its server has started.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Where the player page sends a reader for the video file itself, as YouTube's pages send it to its video CDN: another
    /// server this simulator is also mounted on (<c>MapVideoSiteSimulator(…, isHome: false)</c>). Default <see cref="BaseUrl"/>.
    /// </summary>
    public Uri? MediaBaseUrl { get; set; }

    public void AddVideo(string id, SiteVideo video) => _videos[id] = video;

    internal SiteVideo? Find(string id) => _videos.GetValueOrDefault(id);

    /// <summary>The watch page's URL, what a post links to.</summary>
    public string WatchUrl(string id) =>
        $"{(BaseUrl ?? throw new InvalidOperationException("The video site is not mounted on a started server yet.")).ToString().TrimEnd('/')}/watch/{id}";

    /// <summary>Requests for <paramref name="path"/> (<c>media/{id}.mp4</c>, <c>watch/{id}</c>…), to tell whether the video itself was fetched.</summary>
    public int RequestCount(string path) => _requests.GetValueOrDefault(path);

    internal void Count(string path) => _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
}

using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Silo.Hosting.Outbound;

namespace Silo.Media.Archiving;

/// <summary>
/// What yt-dlp may be given and may reach. Section <c>Silo:Media:YtDlp</c>. A configured list replaces its
/// default rather than adding to it, so a deployment (or a test) can narrow yt-dlp to fewer hosts.
/// </summary>
public sealed partial class YtDlpOptions
{
    public static readonly string[] YouTubeHosts = ["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"];
    public static readonly string[] YouTubeFetchHosts = ["googlevideo.com"];

    /// <summary>
    /// Hosts whose URLs are handed to yt-dlp; any other URL fails for good (<c>host_refused</c>) before yt-dlp
    /// starts. Entries as in <see cref="MediaOptions.AllowedHosts"/>. Default (unset): <see cref="YouTubeHosts"/>.
    /// </summary>
    public string[] Hosts { get; set; } = [];

    /// <summary>
    /// Hosts yt-dlp's own requests may reach besides <see cref="Hosts"/>: where the page sends it for the video
    /// itself. Default (unset): <see cref="YouTubeFetchHosts"/>, YouTube's video CDN.
    /// </summary>
    public string[] FetchHosts { get; set; } = [];

    /// <summary>
    /// yt-dlp's <c>--use-extractors</c>: the only extractors it may run, so a URL on an allowed host is never read
    /// by a general-purpose one (the generic extractor follows whatever a page links to). Default <c>youtube</c>.
    /// </summary>
    public string Extractors { get; set; } = "youtube";

    public IReadOnlyList<string> EffectiveHosts => Hosts.Length > 0 ? Hosts : YouTubeHosts;

    /// <summary>Every host yt-dlp's requests may reach through the node's guarded proxy.</summary>
    public IReadOnlyList<string> ReachableHosts => [.. EffectiveHosts, .. FetchHosts.Length > 0 ? FetchHosts : YouTubeFetchHosts];

    internal IEnumerable<ValidationResult> Validate()
    {
        foreach (var (name, list) in new[] { (nameof(Hosts), Hosts), (nameof(FetchHosts), FetchHosts) })
            foreach (var entry in list.Where(e => !HostAllowList.IsValidEntry(e)))
                yield return new ValidationResult($"'{entry}' is not a host, host:port, IPv4 address or [IPv6] address with an optional :port.",
                    [$"YtDlp:{name}"]);
        // Names only: yt-dlp would also read a regex, "all" or a "-name" here, none of which pins anything.
        if (!ExtractorNames().IsMatch(Extractors) || Extractors.Split(',').Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase) || n.Equals("default", StringComparison.OrdinalIgnoreCase)))
            yield return new ValidationResult($"'{Extractors}' must be extractor names separated by commas (youtube, generic), not a pattern, all or default.",
                [$"YtDlp:{nameof(Extractors)}"]);
    }

    [GeneratedRegex("^[a-z0-9_]+(:[a-z0-9_]+)*(,[a-z0-9_]+(:[a-z0-9_]+)*)*$", RegexOptions.IgnoreCase)]
    private static partial Regex ExtractorNames();
}

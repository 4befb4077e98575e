using System.ComponentModel.DataAnnotations;
using Silo.Hosting.Outbound;

namespace Silo.Media.Archiving;

/// <summary>How posts' media is downloaded and retried. Section <c>Silo:Media</c>; every value has a working default.</summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string Section = "Silo:Media";

    /// <summary>
    /// Hosts media may be downloaded from. A bare domain also admits its subdomains
    /// (<c>fbcdn.net</c> admits <c>scontent.xx.fbcdn.net</c>); <c>host:port</c> admits exactly that
    /// endpoint; IP literals as URLs write them (<c>203.0.113.7:8080</c>, <c>[2001:db8::1]</c>, <c>[::1]:8080</c>),
    /// see <see cref="HostAllowList"/>. Default <see cref="DefaultAllowedHosts"/>: Meta's CDN domains, Patreon's content hosts
    /// (crawls) and YouTube's thumbnail host. YouTube's pages are not here: they are read by yt-dlp (<see cref="YtDlp"/>).
    /// </summary>
    [MinLength(1)] public string[] AllowedHosts { get; set; } = [.. DefaultAllowedHosts];

    /// <summary>The files of the sources Silo reads: Meta's CDNs, Patreon's content hosts and the thumbnails YouTube posts name.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedHosts = ["fbcdn.net", "cdninstagram.com", "fbsbx.com", "patreonusercontent.com", "i.ytimg.com"];

    /// <summary>
    /// Lets a loopback address through when its exact <c>host:port</c> is in <see cref="AllowedHosts"/>:
    /// only for tests and the local demo, whose CDN simulator listens on 127.0.0.1. Default false.
    /// </summary>
    public bool AllowLoopbackForTesting { get; set; }

    /// <summary>Largest image accepted (seed 002: 10 MB). Default 10 MiB.</summary>
    [Range(1024, long.MaxValue)] public long MaxImageBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Largest video accepted. Default 2 GiB.</summary>
    [Range(1024, long.MaxValue)] public long MaxVideoBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest audio file accepted (a podcast of several hours). Default 1 GiB.</summary>
    [Range(1024, long.MaxValue)] public long MaxAudioBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Path of <c>ffprobe</c>, which reads video and audio metadata. Default <c>ffprobe</c> on PATH.</summary>
    [Required] public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Path of <c>ffmpeg</c>, which makes video thumbnails and image previews. Default <c>ffmpeg</c> on PATH.</summary>
    [Required] public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Longest one ffprobe or ffmpeg run may take before it is killed. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Seconds of each downloaded video or audio file that are decoded before it is stored, to tell a damaged file (see
    /// <see cref="Probing.DecodeCheck"/>; every packet is read besides, which decodes nothing). Default 5; 0 decodes none.
    /// </summary>
    [Range(0, 600)] public int DecodeSampleSeconds { get; set; } = 5;

    /// <summary>Longest side of a video thumbnail or image preview, in pixels. Default 480.</summary>
    [Range(16, 4096)] public int PreviewMaxSide { get; set; } = 480;

    /// <summary>
    /// An image is large, and gets a preview, when it has more bytes than this or a side longer than
    /// twice <see cref="PreviewMaxSide"/>. Default 256 KiB.
    /// </summary>
    [Range(0, long.MaxValue)] public long PreviewImageMinBytes { get; set; } = 256 * 1024;

    /// <summary>Whether videos get a thumbnail (one frame) and large images a preview. Default true.</summary>
    public bool MakePreviews { get; set; } = true;

    /// <summary>
    /// Folder downloads stream into before they are stored; each file is deleted once stored or refused.
    /// Default (unset): <c>silo-media</c> under the system temporary folder. Set it when that folder is a
    /// small tmpfs, to a disk with room for the largest video being downloaded at once.
    /// </summary>
    public string? TempFolder { get; set; }

    /// <summary>Longest one download may take, redirects included. Default 10 min (seed 000's job timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")] public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait for response headers. Default 30 s (seed 000's request timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed per download, each checked like the first request. Default 5.</summary>
    [Range(0, 20)] public int MaxRedirects { get; set; } = 5;

    /// <summary>Archive attempts per post before it is left in <c>error</c> (seed 000: 5).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubles per attempt with ±20% jitter. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ceiling of the retry delay. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")] public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often a post with archive work outstanding is looked at by its reminder: the backstop that
    /// resumes work a node's crash interrupted, so it bounds how long that takes once another node owns
    /// the reminder. Raised to the cluster's <c>MinimumReminderPeriod</c> if below it. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ArchiveReminderPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of failed attempts in <see cref="ErrorRateWindow"/> above which an alert is raised (seed 000: 20%).</summary>
    [Range(0.0, 1.0)] public double ErrorRateThreshold { get; set; } = 0.2;

    /// <summary>Window over which the error rate is measured. Default 15 min (seed 000's job period).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan ErrorRateWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts the window must hold before its error rate means anything. Default 10.</summary>
    [Range(1, 1_000_000)] public int ErrorRateMinimumAttempts { get; set; } = 10;

    /// <summary>Downloads (HTTP and yt-dlp) one node runs at once; more wait their turn. Default 8.</summary>
    [Range(1, 1000)] public int MaxConcurrentDownloads { get; set; } = 8;

    /// <summary>Runs of ffmpeg, ffprobe and yt-dlp one node has at once; more wait their turn. Default 4 (they are CPU-bound).</summary>
    [Range(1, 1000)] public int MaxConcurrentToolRuns { get; set; } = 4;

    /// <summary>
    /// Least free space the disk under the temporary folder must have for a download to start; below it
    /// the download fails as transient (<c>disk_low</c>) and is retried later. Default 1 GiB; 0 turns it off.
    /// </summary>
    [Range(0, long.MaxValue)] public long MinFreeDiskBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Path of the <c>yt-dlp</c> executable for YouTube download mode. Default <c>yt-dlp</c> on PATH.</summary>
    [Required] public string YtDlpPath { get; set; } = "yt-dlp";

    /// <summary>The URLs yt-dlp is given, the hosts its own requests may reach and its extractors (<c>Silo:Media:YtDlp</c>).</summary>
    public YtDlpOptions YtDlp { get; set; } = new();

    /// <summary>How often each connected Instagram account is polled for new media. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan InstagramPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retry delay for a failed attempt (1-based): exponential with ±20% jitter, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var exponential = RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Named by its text: the binder appends configured entries to the defaults, so an index would not be the one configured.
        foreach (var entry in AllowedHosts.Where(e => !HostAllowList.IsValidEntry(e)))
            yield return new ValidationResult($"'{entry}' is not a host, host:port, IPv4 address or [IPv6] address with an optional :port.",
                [nameof(AllowedHosts)]);
        foreach (var result in YtDlp.Validate()) yield return result;
    }
}

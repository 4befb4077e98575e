using Microsoft.Extensions.Options;

namespace Silo.Media.Archiving;

/// <summary>
/// What one node does at once: downloads (<see cref="MediaOptions.MaxConcurrentDownloads"/>) and media
/// tool runs, ffmpeg, ffprobe and yt-dlp together (<see cref="MediaOptions.MaxConcurrentToolRuns"/>);
/// a caller past the limit waits its turn. And the free-disk guard: no download starts while the
/// disk it lands on has less than <see cref="MediaOptions.MinFreeDiskBytes"/> free.
/// </summary>
public sealed class MediaWorkLimits(IOptions<MediaOptions> options) : IDisposable
{
    private readonly MediaOptions _options = options.Value;

    /// <summary>Held for each download (HTTP or yt-dlp) from its first byte to its last.</summary>
    public SemaphoreSlim Downloads { get; } = new(options.Value.MaxConcurrentDownloads, options.Value.MaxConcurrentDownloads);

    /// <summary>Held for each run of ffmpeg, ffprobe or yt-dlp.</summary>
    public SemaphoreSlim Tools { get; } = new(options.Value.MaxConcurrentToolRuns, options.Value.MaxConcurrentToolRuns);

    /// <summary>Waits for a place under <paramref name="gate"/>; disposing the answer gives it back.</summary>
    public static async Task<IDisposable> EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return new Place(gate);
    }

    /// <exception cref="DownloadException"><c>disk_low</c> (transient, retried later): less free than the minimum.</exception>
    public void EnsureFreeDisk(string folder)
    {
        var free = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        if (free < _options.MinFreeDiskBytes)
            throw new DownloadException(DownloadFailureKind.Transient, "disk_low",
                $"The disk holding {folder} has {free / (1024 * 1024)} MiB free, under Silo:Media:MinFreeDiskBytes ({_options.MinFreeDiskBytes / (1024 * 1024)} MiB); the download will be retried.");
    }

    public void Dispose()
    {
        Downloads.Dispose();
        Tools.Dispose();
    }

    private sealed class Place(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}

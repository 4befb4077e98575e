namespace Silo.Media.Archiving;

/// <summary>
/// What yt-dlp fetched into a temporary folder: the video (hashed and probed; null in embed mode,
/// which reads metadata only), its details and its subtitle files by language.
/// </summary>
public sealed record YtDlpResult(DownloadedFile? Video, YouTubeDetails Details, IReadOnlyDictionary<string, string> Subtitles, string Folder) : IDisposable
{
    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

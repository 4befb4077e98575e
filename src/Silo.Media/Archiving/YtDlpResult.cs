namespace Silo.Media.Archiving;

/// <summary>A video yt-dlp fetched (hashed, in a temporary folder) and its subtitle files by language.</summary>
public sealed record YtDlpResult(DownloadedFile Video, IReadOnlyDictionary<string, string> Subtitles, string Folder) : IDisposable
{
    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

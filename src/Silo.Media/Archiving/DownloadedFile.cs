namespace Silo.Media.Archiving;

/// <summary>A file downloaded and hashed into a temporary path, waiting to be stored; deleted on dispose if still there.</summary>
public sealed record DownloadedFile(string TempPath, string Sha256, long Size, string MimeType, string Extension,
    int? Width, int? Height, double? DurationSeconds) : IDisposable
{
    public void Dispose()
    {
        try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

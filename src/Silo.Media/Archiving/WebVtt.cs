using System.Security.Cryptography;

namespace Silo.Media.Archiving;

/// <summary>A subtitle file yt-dlp wrote, kept only when it is WebVTT (its first line is <c>WEBVTT</c>).</summary>
public static class WebVtt
{
    public static async Task<DownloadedFile?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using (var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
        {
            var first = await reader.ReadLineAsync(cancellationToken);
            // The spec: "WEBVTT" alone or followed by a space or tab and a header.
            if (first is null || !(first == "WEBVTT" || first.StartsWith("WEBVTT ", StringComparison.Ordinal) || first.StartsWith("WEBVTT\t", StringComparison.Ordinal)))
                return null;
        }
        await using var file = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return new DownloadedFile(path, hash, file.Length, "text/vtt", "vtt", null, null, null) { Kind = MediaKind.Subtitle };
    }
}

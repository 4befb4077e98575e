using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Makes the small JPEG a page shows instead of the original (seed 002's thumbnails): one frame of a
/// video, or a large image scaled down and turned upright by its EXIF orientation, with ffmpeg.
/// </summary>
public sealed class PreviewMaker(IOptions<MediaOptions> options, MediaWorkLimits? limits = null)
{
    private readonly MediaOptions _options = options.Value;

    /// <summary>Whether a stored file gets a preview: every video, and images that are large to load.</summary>
    public bool Wants(DownloadedFile file) => _options.MakePreviews && file.Kind switch
    {
        MediaKind.Video => true,
        MediaKind.Image => file.Size > _options.PreviewImageMinBytes || Math.Max(file.Width ?? 0, file.Height ?? 0) > 2 * _options.PreviewMaxSide,
        _ => false,
    };

    /// <summary>The preview as a hashed temporary file, or null when ffmpeg cannot decode the original (the original is kept all the same).</summary>
    public async Task<DownloadedFile?> MakeAsync(DownloadedFile file, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetDirectoryName(file.TempPath)!, $"{Guid.NewGuid():N}.preview.jpg");
        var side = _options.PreviewMaxSide.ToString(CultureInfo.InvariantCulture);
        // Fits the box without enlarging a small video; quoted so the commas stay inside min(). ffmpeg turns
        // a photo upright by its EXIF orientation itself (autorotate, on by default), so no filter here does.
        var scale = $"scale=w='min({side},iw)':h='min({side},ih)':force_original_aspect_ratio=decrease";
        var arguments = new List<string> { "-v", "error", "-nostdin", "-y" };
        // A frame a little into the video, past a black first frame; the first frame of a short one.
        if (file.Kind == MediaKind.Video && file.DurationSeconds is > 2) arguments.AddRange(["-ss", "1"]);
        arguments.AddRange([.. FfmpegInput.Restrictions, "-i", file.TempPath, "-frames:v", "1", "-vf", scale, "-c:v", "mjpeg", "-q:v", "4", "-f", "image2", output]);
        try
        {
            var result = await ToolRunner.RunAsync(_options.FfmpegPath, arguments, _options.ProbeTimeout, cancellationToken, limits?.Tools);
            if (result.ExitCode != 0 || !File.Exists(output) || new FileInfo(output).Length == 0) { File.Delete(output); return null; }
            var info = ImageReader.Read(output);
            await using var stream = File.OpenRead(output);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            return new DownloadedFile(output, hash, stream.Length, "image/jpeg", "jpg", info?.Width, info?.Height, null);
        }
        catch (ToolFailedException)
        {
            File.Delete(output);
            return null;
        }
    }
}

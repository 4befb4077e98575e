using MetadataExtractor;
using MetadataExtractor.Formats.Bmp;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Util;

namespace Silo.Media.Archiving.Probing;

/// <summary>
/// Reads an image's format, width, height and EXIF orientation with MetadataExtractor. Null when the
/// bytes are not an image it reads (JPEG, PNG, GIF, WebP, BMP); video, audio and HEIF go to ffprobe.
/// </summary>
public static class ImageReader
{
    public static MediaInfo? Read(string path)
    {
        FileType type;
        using (var file = File.OpenRead(path)) type = FileTypeDetector.DetectFileType(file);
        var (mime, extension) = type switch
        {
            FileType.Jpeg => ("image/jpeg", "jpg"),
            FileType.Png => ("image/png", "png"),
            FileType.Gif => ("image/gif", "gif"),
            FileType.WebP => ("image/webp", "webp"),
            FileType.Bmp => ("image/bmp", "bmp"),
            _ => (null, null),
        };
        if (mime is null) return null;

        IReadOnlyList<MetadataExtractor.Directory> directories;
        try { directories = ImageMetadataReader.ReadMetadata(path); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A parser of untrusted bytes: any failure (ArgumentException on a bad chunk name, for one) means damaged headers.
            return new MediaInfo(MediaKind.Image, mime, extension!); // recognised, but its headers are damaged: size unknown
        }
        var (width, height) = type switch
        {
            FileType.Jpeg => Size<JpegDirectory>(directories, JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
            FileType.Png => Size<PngDirectory>(directories, PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
            FileType.Gif => Size<GifHeaderDirectory>(directories, GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
            FileType.WebP => Size<WebPDirectory>(directories, WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
            _ => Size<BmpHeaderDirectory>(directories, BmpHeaderDirectory.TagImageWidth, BmpHeaderDirectory.TagImageHeight),
        };
        int? orientation = directories.OfType<ExifIfd0Directory>().FirstOrDefault() is { } exif
            && exif.TryGetInt32(ExifDirectoryBase.TagOrientation, out var o) && o is >= 1 and <= 8 ? o : null;
        return new MediaInfo(MediaKind.Image, mime, extension!, width, height, Orientation: orientation);
    }

    private static (int?, int?) Size<T>(IEnumerable<MetadataExtractor.Directory> directories, int widthTag, int heightTag)
        where T : MetadataExtractor.Directory =>
        directories.OfType<T>().FirstOrDefault() is { } d && d.TryGetInt32(widthTag, out var w) && d.TryGetInt32(heightTag, out var h) && w > 0 && h > 0
            ? (w, h)
            : (null, null);
}

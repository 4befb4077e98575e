namespace Silo.Media.Archiving.Probing;

/// <summary>
/// How ffprobe and ffmpeg may open a downloaded file. The bytes come from outside: a playlist (HLS,
/// concat) posing as a video would otherwise make ffmpeg fetch URLs or read local files itself, past
/// the download guard. Only the local file is opened, and only with the demuxers of supported formats.
/// </summary>
public static class FfmpegInput
{
    private const string Demuxers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,mp3,wav,flac,aac,gif,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe";

    /// <summary>The options that go before the input file.</summary>
    public static IEnumerable<string> Restrictions => ["-protocol_whitelist", "file", "-format_whitelist", Demuxers];
}

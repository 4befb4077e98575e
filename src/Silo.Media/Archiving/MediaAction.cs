namespace Silo.Media.Archiving;

/// <summary>What the media policy decides for one item.</summary>
public static class MediaAction
{
    /// <summary>Downloaded through the guarded client and stored.</summary>
    public const string Download = "download";
    /// <summary>Only the URL is kept (seed 003: Patreon images).</summary>
    public const string KeepUrl = "keep_url";
    /// <summary>Not downloaded; the post says to watch it at the source (seed 003: "Ver en Patreon").</summary>
    public const string ViewOnSource = "view_on_source";
    /// <summary>A YouTube video kept as an embed: id, URL and iframe HTML.</summary>
    public const string Embed = "embed";
    /// <summary>A YouTube video downloaded with yt-dlp, with subtitles.</summary>
    public const string YtDlp = "yt_dlp";
}

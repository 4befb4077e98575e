namespace Silo.Media.Export;

/// <summary>Where an export stands (media_exports.status).</summary>
public static class ExportStatus
{
    /// <summary>Writing segments; its archive cannot be downloaded yet.</summary>
    public const string Running = "running";

    /// <summary>Every segment and the manifest are stored: the archive can be downloaded.</summary>
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

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

    /// <summary>Its parts are deleted from the store (kept for <see cref="ExportOptions.KeepFor"/>, or deleted early by a manager); still listed.</summary>
    public const string Expired = "expired";

    /// <summary>Over, with its parts still in the store: they go once <see cref="ExportOptions.KeepFor"/> has passed.</summary>
    public static bool IsEnded(string status) => status is Done or Failed or Cancelled;
}

namespace Silo.Media.Archiving;

/// <summary>A download that did not produce a stored file, with how the failure is to be treated.</summary>
public sealed class DownloadException(DownloadFailureKind kind, string errorType, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public DownloadFailureKind Kind { get; } = kind;

    /// <summary>A short stable name for the failure (<c>http_503</c>, <c>address_refused</c>, <c>truncated</c>), stored in the post's last error.</summary>
    public string ErrorType { get; } = errorType;
}

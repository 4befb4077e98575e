using System.ComponentModel.DataAnnotations;

namespace Silo.Media.BlobStores;

/// <summary>The Azure Blob backend. Section <c>Silo:Media:Storage:Azure</c>; secrets also from <c>AZURE_STORAGE_CONNECTION_STRING</c>,
/// <c>AZURE_STORAGE_ACCOUNT</c> and <c>AZURE_STORAGE_KEY</c>.</summary>
public sealed class AzureBlobOptions
{
    /// <summary>A storage connection string (<c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…</c>); never logged.
    /// Either this or <see cref="AccountUrl"/> with <see cref="AccountKey"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob endpoint, <c>https://{account}.blob.core.windows.net</c> (or an emulator's <c>http://127.0.0.1:10000/{account}</c>).</summary>
    public string? AccountUrl { get; set; }

    /// <summary>The account name for shared-key signing; empty: read from <see cref="AccountUrl"/>.</summary>
    public string? AccountName { get; set; }

    /// <summary>The account key (base64); never logged.</summary>
    public string? AccountKey { get; set; }

    /// <summary>Container, created (private) on first use if missing. Default <c>meta-webhooks</c> (seed 000's bucket).</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "must be 3-63 lowercase letters, digits and single hyphens.")]
    public string Container { get; set; } = "meta-webhooks";

    /// <summary><c>public</c> (default): <c>{PublicBaseUrl or container URL}/{key}</c>, for a container or CDN that allows anonymous
    /// reads. <c>sas</c>: the gateway's <c>/media/{key}</c>, which redirects to a read-only SAS URL signed at that moment, so
    /// stored links never expire while the container stays private.</summary>
    [RegularExpression("^(?i)(public|sas)$")] public string UrlMode { get; set; } = "public";

    /// <summary>How long a SAS URL handed out by <c>/media/{key}</c> stays valid. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan SasLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Size of each staged block; a file is read and sent one block at a time, so this bounds the memory an upload holds. Default 4 MiB.</summary>
    [Range(64 * 1024, 100 * 1024 * 1024)] public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;

    public bool SignsUrls => string.Equals(UrlMode, "sas", StringComparison.OrdinalIgnoreCase);
}

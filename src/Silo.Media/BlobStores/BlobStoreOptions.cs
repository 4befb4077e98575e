using System.ComponentModel.DataAnnotations;

using Silo.Media.Posts;

namespace Silo.Media.BlobStores;

/// <summary>Where archived media is kept. Section <c>Silo:Media:Storage</c>.</summary>
public sealed class BlobStoreOptions : IValidatableObject
{
    public const string Section = "Silo:Media:Storage";

    /// <summary><c>FileSystem</c> (default), <c>S3</c>, <c>Azure</c> or <c>Supabase</c> (any case). Unset, with seed 000's
    /// <c>SUPABASE_URL</c> and <c>SUPABASE_KEY</c> both given: <c>Supabase</c>.</summary>
    [RegularExpression("^(?i)(FileSystem|S3|Azure|Supabase)$")] public string Backend { get; set; } = "FileSystem";

    /// <summary>How object names are made: <c>hash</c> (default, <c>ab/cd/{sha256}.{ext}</c>) or <c>seed</c> (names a person can read:
    /// <c>{tenant}/publicaciones_meta/{post_id}.{ext}</c> for Meta webhook posts, <c>facebook/{posts|attachments|thumbnails}/…</c>
    /// for a page's archive). Either way the SHA-256 decides whether a content is stored again.</summary>
    [RegularExpression("^(?i)(hash|seed)$")] public string KeyLayout { get; set; } = "hash";

    /// <summary>With the <c>seed</c> layout, Facebook posts go under <c>facebook/{posts|attachments|thumbnails}/</c> (seed 002's page
    /// archive) instead of <c>{tenant}/publicaciones_meta/</c> (seed 000). Default false.</summary>
    public bool PageArchiveLayout { get; set; }

    /// <summary>The Azure Blob backend's settings.</summary>
    public AzureBlobOptions Azure { get; set; } = new();

    /// <summary>The Supabase Storage backend's settings (its own HTTP API; its S3 endpoint is the <c>S3</c> backend).</summary>
    public SupabaseStorageOptions Supabase { get; set; } = new();

    public bool Uses(string backend) => string.Equals(Backend, backend, StringComparison.OrdinalIgnoreCase);

    public bool UsesSeedLayout => string.Equals(KeyLayout, "seed", StringComparison.OrdinalIgnoreCase);

    /// <summary>Folder of the filesystem store. Default <c>data/media</c> under the working directory.</summary>
    [Required] public string Root { get; set; } = "data/media";

    /// <summary>Prefix of public URLs. Filesystem default <c>/media</c> (served by the gateway); for S3 the bucket's public URL.</summary>
    public string PublicBaseUrl { get; set; } = "/media";

    /// <summary>S3-compatible endpoint (Supabase Storage's <c>…/storage/v1/s3</c>, MinIO, R2); empty means AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Bucket name. Default <c>meta-webhooks</c> (seed 000).</summary>
    public string Bucket { get; set; } = "meta-webhooks";

    /// <summary>Region for request signing. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id; empty falls back to the AWS SDK's own chain (AWS_ACCESS_KEY_ID, …).</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Secret access key; never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which MinIO, Supabase and local servers need. Default true.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// Sources whose files are private to their tenant, comma-separated (empty: none). Default <c>patreon</c>: a paid
    /// tier's media must not be readable by whoever guesses or is forwarded its link. <c>/media/{key}</c> serves such
    /// a file only to a key (or signed-in session) of a tenant whose post holds it, or through an expiring link the
    /// API hands out (<see cref="PrivateLinkLifetime"/>). This holds where files go through <c>/media</c> (the
    /// FileSystem store, Azure with <c>UrlMode=sas</c>); a public S3 bucket or Azure container serves its own objects.
    /// </summary>
    public string PrivateSources { get; set; } = "patreon";

    /// <summary>How long a link to a private file, as the API hands it out, stays valid. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan PrivateLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    private IEnumerable<string> PrivateSourceList =>
        PrivateSources.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsPrivateSource(string source) => PrivateSourceList.Contains(source, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var source in PrivateSourceList.Where(s => !PostIds.Sources.Contains(s, StringComparer.OrdinalIgnoreCase)))
            yield return new ValidationResult($"PrivateSources: '{source}' is not a source (one of {string.Join(", ", PostIds.Sources)}).",
                [nameof(PrivateSources)]);
        if (Uses("S3") && string.IsNullOrWhiteSpace(Bucket))
            yield return new ValidationResult("Bucket is required for the S3 backend.", [nameof(Bucket)]);
        if (Uses("Supabase"))
            foreach (var result in Nested(Supabase, nameof(Supabase))) yield return result;
        if (!Uses("Azure")) yield break;
        var azure = Azure;
        foreach (var result in Nested(azure, nameof(Azure))) yield return result;
        if (string.IsNullOrWhiteSpace(azure.ConnectionString) && (string.IsNullOrWhiteSpace(azure.AccountUrl) || string.IsNullOrWhiteSpace(azure.AccountKey)))
            yield return new ValidationResult("The Azure backend needs Azure:ConnectionString, or Azure:AccountUrl with Azure:AccountKey.",
                ["Azure:ConnectionString"]);
        else if (!string.IsNullOrWhiteSpace(azure.AccountUrl) && !Uri.TryCreate(azure.AccountUrl, UriKind.Absolute, out _))
            yield return new ValidationResult("Azure:AccountUrl must be an absolute URL.", ["Azure:AccountUrl"]);
        else if (azure.SignsUrls && string.IsNullOrWhiteSpace(azure.AccountKey)
                 && azure.ConnectionString?.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase) != true)
            yield return new ValidationResult("Azure:UrlMode sas signs with the account key: give Azure:AccountKey or a connection string with AccountKey.",
                ["Azure:UrlMode"]);
    }

    /// <summary>The validator does not descend into nested objects: a backend section's own rules are checked here, named by its path.</summary>
    private static IEnumerable<ValidationResult> Nested(object section, string name)
    {
        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(section, new ValidationContext(section), nested, validateAllProperties: true);
        return nested.Select(result => new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => $"{name}:{m}").ToArray()));
    }
}

using System.ComponentModel.DataAnnotations;

namespace Silo.Media.BlobStores;

/// <summary>Where archived media is kept. Section <c>Silo:Media:Storage</c>.</summary>
public sealed class BlobStoreOptions : IValidatableObject
{
    public const string Section = "Silo:Media:Storage";

    /// <summary><c>FileSystem</c> (default) or <c>S3</c>.</summary>
    [RegularExpression("^(FileSystem|S3)$")] public string Backend { get; set; } = "FileSystem";

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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend == "S3" && string.IsNullOrWhiteSpace(Bucket))
            yield return new ValidationResult("Bucket is required for the S3 backend.", [nameof(Bucket)]);
    }
}

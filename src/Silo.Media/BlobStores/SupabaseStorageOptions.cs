using System.ComponentModel.DataAnnotations;

namespace Silo.Media.BlobStores;

/// <summary>The Supabase Storage backend, on Storage's own HTTP API. Section <c>Silo:Media:Storage:Supabase</c>; the project
/// and its key also from seed 000's <c>SUPABASE_URL</c> and <c>SUPABASE_KEY</c>, which alone select this backend.</summary>
public sealed class SupabaseStorageOptions : IValidatableObject
{
    /// <summary>The project's URL, <c>https://{project}.supabase.co</c> (or a self-hosted one's); Storage is under <c>/storage/v1</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The project's service key (a <c>service_role</c> JWT or a secret key), sent as <c>apikey</c> and as the bearer
    /// token; never logged. The bucket is created with it when missing, which a publishable (anon) key may not do.</summary>
    public string? Key { get; set; }

    /// <summary>Bucket, created public if missing (seed 000: "Público: Lectura"). Default <c>meta-webhooks</c> (seed 000's bucket).</summary>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", ErrorMessage = "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    public string Bucket { get; set; } = "meta-webhooks";

    /// <summary>Longest wait for one call's answer (for an upload, until the whole file is sent and answered). Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")] public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Url) || string.IsNullOrWhiteSpace(Key))
            yield return new ValidationResult("The Supabase backend needs Supabase:Url and Supabase:Key (or SUPABASE_URL and SUPABASE_KEY).",
                [string.IsNullOrWhiteSpace(Url) ? nameof(Url) : nameof(Key)]);
        else if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query))
            yield return new ValidationResult("must be an absolute http or https URL without a query, such as https://project.supabase.co.", [nameof(Url)]);
        else if (url.Scheme == "http" && !url.IsLoopback)
            yield return new ValidationResult("must be https unless it is this machine (the service key would travel in clear).", [nameof(Url)]);
    }
}

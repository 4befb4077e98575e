namespace Silo.Media.Patreon;

/// <summary>
/// How Silo reaches Patreon's API v2. Section <c>Silo:Patreon</c>; environment <c>PATREON_ACCESS_TOKEN</c>
/// and <c>PATREON_BASE_URL</c> override it. The token is a creator's access token with the
/// <c>campaigns</c> and <c>campaigns.posts</c> scopes; it travels as a Bearer header and is never logged.
/// </summary>
public sealed class PatreonOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string Section = "Silo:Patreon";

    /// <summary>Patreon's base URL; the API lives under <c>/api/oauth2/v2/</c>. Default <c>https://www.patreon.com</c>.</summary>
    public string BaseUrl { get; set; } = "https://www.patreon.com";

    /// <summary>The creator access token. Crawls are refused at start while it is empty.</summary>
    public string? AccessToken { get; set; }

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return new("must be an absolute http or https URL.", [nameof(BaseUrl)]);
    }
}

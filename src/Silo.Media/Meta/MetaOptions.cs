namespace Silo.Media.Meta;

/// <summary>
/// Meta app settings the media module uses. Section <c>Silo:Meta</c>; environment
/// <c>META_APP_SECRET</c>, <c>META_VERIFY_TOKEN</c>, <c>META_ACCESS_TOKEN</c>, <c>META_GRAPH_BASE_URL</c> override it.
/// Secrets are read here and never logged.
/// </summary>
public sealed class MetaOptions
{
    public const string Section = "Silo:Meta";

    /// <summary>Graph API base URL. Default <c>https://graph.facebook.com</c>.</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>Graph API version. Default <c>v21.0</c>.</summary>
    public string GraphVersion { get; set; } = "v21.0";

    /// <summary>Page/Instagram access token for re-resolving expired links and polling Instagram.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Page (or Instagram account) access tokens by id, for the history walks; unlisted ones use <see cref="AccessToken"/>.</summary>
    public Dictionary<string, string> PageTokens { get; set; } = [];

    /// <summary>App secret that signs webhook deliveries (<c>X-Hub-Signature-256</c>). Webhooks are refused while it is empty.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Token Meta echoes in the subscription handshake. The handshake is refused while it is empty.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>Tenant per Facebook page id or Instagram user id; unlisted ones use the id itself.</summary>
    public Dictionary<string, string> Tenants { get; set; } = [];

    public string TenantOf(string accountId) => Tenants.GetValueOrDefault(accountId) ?? accountId;

    public string? TokenFor(string accountId) => PageTokens.GetValueOrDefault(accountId) ?? AccessToken;
}

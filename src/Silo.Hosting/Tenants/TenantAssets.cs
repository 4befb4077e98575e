namespace Silo.Hosting.Tenants;

/// <summary>
/// What one tenant owns, as the operator configured it under <c>Silo:Tenants:&lt;tenant&gt;</c>: the ids of its
/// accounts on each service, and the credentials that belong to it (<see cref="Tokens"/>, named by <c>token_ref</c>).
/// </summary>
public sealed class TenantAssets
{
    /// <summary>Facebook page ids: their webhooks and backfills are this tenant's.</summary>
    public List<string> FacebookPages { get; set; } = [];

    /// <summary>Instagram professional account ids (polling and history walks).</summary>
    public List<string> InstagramAccounts { get; set; } = [];

    /// <summary>Patreon campaign ids (crawls, and posts ingested from them).</summary>
    public List<string> PatreonCampaigns { get; set; } = [];

    /// <summary>Meta ad account ids (<c>act_…</c>).</summary>
    public List<string> AdAccounts { get; set; } = [];

    /// <summary>Metricool blog ids (a batch's <c>accountId</c>) this tenant publishes to.</summary>
    public List<string> MetricoolBlogs { get; set; } = [];

    /// <summary>This tenant's access tokens by name; a <c>token_ref</c> names one of them. Never logged.</summary>
    public Dictionary<string, string> Tokens { get; set; } = [];
}

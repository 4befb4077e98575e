using Microsoft.Extensions.Options;

namespace Silo.Hosting.Tenants;

/// <summary>
/// Who owns what, as configured under <c>Silo:Tenants</c> (<see cref="TenantAssets"/> per tenant); read afresh on every
/// call, so a changed configuration applies without a restart. Ownership is the operator's decision, never the first
/// caller's: a tenant's key acts only on what is listed for its tenant; tenant <c>*</c> (the bootstrap admin) acts on all.
/// </summary>
public sealed class TenantOwnership(IOptionsMonitor<TenantOwnershipOptions> options)
{
    /// <summary>The tenant of keys that see and act on every tenant.</summary>
    public const string AllTenants = "*";

    /// <summary>Whether a caller of tenant <paramref name="caller"/> may act on an item held by <paramref name="owner"/>.</summary>
    public static bool ActsFor(string caller, string owner) => caller == AllTenants || caller == owner;

    /// <summary>The tenant configured to own an account, or null when no tenant lists it.</summary>
    public string? OwnerOf(AssetKind kind, string id)
    {
        foreach (var (tenant, assets) in options.CurrentValue.Tenants)
            if (List(assets, kind).Contains(id, StringComparer.Ordinal)) return tenant;
        return null;
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may act on <paramref name="id"/> for <paramref name="tenant"/>: the account is
    /// configured for that tenant and the caller acts for it; or, unlisted, the caller is tenant <c>*</c> (an operator's
    /// admin action assigns it).
    /// </summary>
    public bool MayActOn(string caller, string tenant, AssetKind kind, string id) =>
        ActsFor(caller, tenant) && (OwnerOf(kind, id) is { } owner ? owner == tenant : caller == AllTenants);

    /// <summary>
    /// The configuration key of <paramref name="tenant"/>'s token named <paramref name="name"/>, or null when the tenant has
    /// no such token: a <c>token_ref</c> names a tenant's own token, never an arbitrary configuration key.
    /// </summary>
    public string? TokenKey(string tenant, string name) =>
        options.CurrentValue.Tenants.TryGetValue(tenant, out var assets) && assets.Tokens.ContainsKey(name)
            ? $"{TenantOwnershipOptions.Section}:{tenant}:{nameof(TenantAssets.Tokens)}:{name}"
            : null;

    /// <summary>
    /// <paramref name="tenant"/>'s own token named <paramref name="name"/> (<c>Silo:Tenants:&lt;tenant&gt;:Tokens:&lt;name&gt;</c>),
    /// or null when it has none: a tenant's calls to a service then use the cluster's credential for it.
    /// </summary>
    public string? Token(string tenant, string name) =>
        options.CurrentValue.Tenants.TryGetValue(tenant, out var assets) && assets.Tokens.TryGetValue(name, out var token)
            && !string.IsNullOrWhiteSpace(token) ? token : null;

    private static List<string> List(TenantAssets assets, AssetKind kind) => kind switch
    {
        AssetKind.FacebookPage => assets.FacebookPages,
        AssetKind.InstagramAccount => assets.InstagramAccounts,
        AssetKind.PatreonCampaign => assets.PatreonCampaigns,
        AssetKind.AdAccount => assets.AdAccounts,
        _ => assets.MetricoolBlogs,
    };
}

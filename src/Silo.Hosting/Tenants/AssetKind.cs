namespace Silo.Hosting.Tenants;

/// <summary>The kinds of account an operator gives a tenant (<see cref="TenantAssets"/>).</summary>
public enum AssetKind { FacebookPage, InstagramAccount, PatreonCampaign, AdAccount, MetricoolBlog }

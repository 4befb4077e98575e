namespace Silo.Hosting.Tenants;

/// <summary>Section <c>Silo:Tenants</c>: each child is a tenant's name and what it owns (<see cref="TenantAssets"/>).</summary>
public sealed class TenantOwnershipOptions
{
    public const string Section = "Silo:Tenants";

    public Dictionary<string, TenantAssets> Tenants { get; set; } = [];
}

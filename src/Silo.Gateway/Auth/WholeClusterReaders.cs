using System.Security.Claims;
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Auth;

/// <summary>
/// The policy of the pages that show every tenant at once (the Orleans Dashboard, which lists every grain id; <c>/metrics</c>,
/// whose figures are the cluster's): analytics:read from a key of tenant <c>*</c>. A tenant's key, whatever its permissions,
/// gets 403 there.
/// </summary>
public static class WholeClusterReaders
{
    public const string Policy = "WholeClusterReaders";

    /// <summary>Whether <paramref name="user"/> is one: analytics:read (or more) and tenant <c>*</c>.</summary>
    public static bool Includes(ClaimsPrincipal user) =>
        user.Tenant() is TenantOwnership.AllTenants
        && user.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.PermissionClaim && Permissions.Satisfying(Permissions.AnalyticsRead).Contains(c.Value));
}

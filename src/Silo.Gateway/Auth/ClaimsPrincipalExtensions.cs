using System.Security.Claims;

namespace Silo.Gateway.Auth;

/// <summary>Reads the caller's tenant from its key; <c>*</c> (the bootstrap admin) sees every tenant.</summary>
public static class ClaimsPrincipalExtensions
{
    public static string Tenant(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.TenantClaim) ?? "";

    public static bool SeesTenant(this ClaimsPrincipal user, string tenant) => user.Tenant() is "*" || user.Tenant() == tenant;
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Silo.Gateway.Auth;

/// <summary>
/// A resource's routes grouped by the permission they need, so each group states it once and a route's
/// permission is read from the group it is mapped on (<c>read.MapGet</c>, <c>manage.MapPost</c>).
/// </summary>
public static class PermissionGroups
{
    /// <summary>The routes of <paramref name="group"/> (same prefix, tags and metadata) that need <paramref name="permission"/>.</summary>
    public static RouteGroupBuilder Needing(this RouteGroupBuilder group, string permission) =>
        group.MapGroup("").RequireAuthorization(permission);
}

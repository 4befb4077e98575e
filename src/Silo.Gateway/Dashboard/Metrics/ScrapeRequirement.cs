using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Silo.Gateway.Auth;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// Met by a key of tenant <c>*</c> with analytics:read (<see cref="WholeClusterReaders"/>: the figures are the whole
/// cluster's), or by the configured scrape key sent as a bearer token.
/// </summary>
public sealed class ScrapeRequirement : IAuthorizationRequirement
{
    public const string Policy = "metrics:scrape";
}

/// <summary>Checks <see cref="ScrapeRequirement"/>; the scrape key is compared in constant time.</summary>
internal sealed class ScrapeRequirementHandler(IOptionsMonitor<MetricsOptions> options) : AuthorizationHandler<ScrapeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScrapeRequirement requirement)
    {
        if (WholeClusterReaders.Includes(context.User))
            context.Succeed(requirement);
        else if (context.Resource is HttpContext http && IsScrapeKey(http.Request.Headers.Authorization.ToString()))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private bool IsScrapeKey(string authorization)
    {
        var expected = options.CurrentValue.ScrapeKey;
        if (string.IsNullOrEmpty(expected) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return false;
        var given = authorization["Bearer ".Length..].Trim();
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}

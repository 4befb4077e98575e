using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Support;

/// <summary>Creates API keys on a running node, as <c>silo keys create</c> does.</summary>
public static class Keys
{
    /// <summary>A key of <paramref name="tenant"/> (by default tenant-a; <c>*</c>: a key that sees every tenant).</summary>
    public static async Task<string> CreateAsync(TestNode node, string permission, string tenant = "tenant-a")
    {
        var created = await node.Services.GetRequiredService<ApiKeyStore>()
            .CreateAsync($"test-{permission}-{Guid.NewGuid():N}", tenant, [permission], CancellationToken.None);
        return created.Secret;
    }
}

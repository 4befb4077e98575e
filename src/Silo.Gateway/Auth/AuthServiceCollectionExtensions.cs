using Silo.Hosting.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Silo.Gateway.Auth;

/// <summary>
/// API-key authentication (header, or a browser's signed-in session), one authorization policy per permission, and
/// <see cref="WholeClusterReaders"/> for the pages that show every tenant.
/// </summary>
public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<BootstrapKeyOptions>, BootstrapKeyOptions.Validator>();
        services.AddOptions<BootstrapKeyOptions>()
            .Configure(o => o.AdminKey = configuration[BootstrapKeyOptions.Variable]?.Trim() is { Length: > 0 } key ? key : null)
            .ValidateOnStart();
        services.AddSiloOptions<SessionOptions>(configuration, SessionOptions.Section);
        services.AddSingleton<SameOriginWrites>();
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddSessionCookie();
        services.AddAuthorizationBuilder()
            .AddPolicy(Permissions.AnalyticsRead, p => p.RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.AnalyticsRead)))
            .AddPolicy(Permissions.Manager, p => p.RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.Manager)))
            .AddPolicy(Permissions.Admin, p => p.RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.Admin)))
            .AddPolicy(WholeClusterReaders.Policy, p => p
                .RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.AnalyticsRead))
                .RequireClaim(ApiKeyAuthenticationHandler.TenantClaim, Silo.Hosting.Tenants.TenantOwnership.AllTenants));
        services.AddHostedService<BootstrapAdminKey>();
        return services;
    }

    /// <summary>Refuses a signed-in browser's writes from other origins (<see cref="SameOriginWrites"/>); after authentication.</summary>
    public static Microsoft.AspNetCore.Builder.IApplicationBuilder UseSameOriginWrites(this Microsoft.AspNetCore.Builder.IApplicationBuilder app) =>
        Microsoft.AspNetCore.Builder.UseMiddlewareExtensions.UseMiddleware<SameOriginWrites>(app);

    /// <summary>Installs the admin key from SILO_ADMIN_KEY at start-up, so a fresh cluster can be administered.</summary>
    private sealed class BootstrapAdminKey(ApiKeyStore keys, IOptions<BootstrapKeyOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.AdminKey is { } secret)
                await Silo.Hosting.Hosting.StartupRetry.RunAsync(ct => keys.EnsureBootstrapAdminAsync(secret, ct), cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Silo.Gateway.Auth;

/// <summary>API-key authentication (header, or a browser's signed-in session) and one authorization policy per permission.</summary>
public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddSessionCookie();
        services.AddAuthorizationBuilder()
            .AddPolicy(Permissions.AnalyticsRead, p => p.RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.AnalyticsRead)))
            .AddPolicy(Permissions.Manager, p => p.RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.Manager)))
            .AddPolicy(Permissions.Admin, p => p.RequireClaim(ApiKeyAuthenticationHandler.PermissionClaim, Permissions.Satisfying(Permissions.Admin)));
        services.AddHostedService<BootstrapAdminKey>();
        return services;
    }

    /// <summary>Installs the admin key from SILO_ADMIN_KEY at start-up, so a fresh cluster can be administered.</summary>
    private sealed class BootstrapAdminKey(ApiKeyStore keys, Microsoft.Extensions.Configuration.IConfiguration configuration) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var secret = configuration["SILO_ADMIN_KEY"];
            if (!string.IsNullOrWhiteSpace(secret))
                await Silo.Hosting.Hosting.StartupRetry.RunAsync(ct => keys.EnsureBootstrapAdminAsync(secret.Trim(), ct), cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

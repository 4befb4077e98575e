using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Gateway.Dashboard.Metrics;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Dashboard;

/// <summary>Wires Silo's pages (sections, the shared snapshot loop, their files) and <c>/metrics</c>.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddSiloDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<DashboardOptions>(configuration, DashboardOptions.Section);

        AddSessionKeys(services, configuration);

        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<DashboardContentPolicy>();
        services.AddSingleton<IDashboardSection, MediaSection>();
        services.AddSingleton<IDashboardSection, PublishingSection>();
        services.AddSingleton<IDashboardSection, InsightsSection>();
        services.AddSingleton<DashboardHub>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardHub>());
        services.AddHostedService<DashboardStartupLog>();

        services.AddSiloMetrics(configuration);
        return services;
    }

    /// <summary>
    /// The keys protecting sign-in sessions: one application name on every node (a session signed by
    /// one gateway is read by the others), kept in <see cref="DashboardOptions.SessionKeysDirectory"/>
    /// (else ASP.NET Core's default folder) and never in the clear: sealed with a certificate when one is
    /// configured, else with <see cref="SessionKeyProtection"/> under SessionKeysSecret or SILO_ADMIN_KEY.
    /// With none of them there is nothing to seal with, so the keys stay in memory only (sessions end
    /// with the node).
    /// </summary>
    private static void AddSessionKeys(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(DashboardOptions.Section);
        var dataProtection = services.AddDataProtection().SetApplicationName("silo");
        if (section[nameof(DashboardOptions.SessionKeysCertificate)] is { Length: > 0 } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificate, section[nameof(DashboardOptions.SessionKeysCertificatePassword)]));
        }
        else if ((section[nameof(DashboardOptions.SessionKeysSecret)] ?? configuration[Auth.BootstrapKeyOptions.Variable])?.Trim() is { Length: > 0 } secret)
        {
            var protection = new SessionKeyProtection(secret);
            services.AddSingleton(protection);
            services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlEncryptor = new SessionKeyEncryptor(protection));
        }
        else
        {
            dataProtection.UseEphemeralDataProtectionProvider();
            return;
        }
        if (section[nameof(DashboardOptions.SessionKeysDirectory)] is { Length: > 0 } keys)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
    }
}

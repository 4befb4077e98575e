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
        services.AddSingleton<IValidateOptions<DashboardOptions>>(new SectionValidator<DashboardOptions>(DashboardOptions.Section));
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();

        // One application name on every node, so a session signed by one gateway is read by the others.
        var dataProtection = services.AddDataProtection().SetApplicationName("silo");
        if (configuration.GetSection(DashboardOptions.Section)[nameof(DashboardOptions.SessionKeysDirectory)] is { Length: > 0 } keys)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));

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
}

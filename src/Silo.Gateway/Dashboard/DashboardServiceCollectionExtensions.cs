using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Gateway.Dashboard.Metrics;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Hosting;
using Silo.Hosting.Metrics;

namespace Silo.Gateway.Dashboard;

/// <summary>Wires the dashboard (sections, the shared snapshot loop, its files) and <c>/metrics</c>.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddSiloDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<DashboardOptions>>(new SectionValidator<DashboardOptions>(DashboardOptions.Section));
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>>(new SectionValidator<MetricsOptions>(MetricsOptions.Section));
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();

        services.AddSingleton<DashboardAssets>();
        services.AddSingleton<IDashboardSection, MediaSection>();
        services.AddSingleton<IDashboardSection, PublishingSection>();
        services.AddSingleton<IDashboardSection, InsightsSection>();
        services.AddSingleton<DashboardHub>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardHub>());
        services.AddHostedService<DashboardStartupLog>();

        services.AddMetricsSource<MediaMetricsSource>();
        services.AddMetricsSource<PublishingMetricsSource>();
        services.AddMetricsSource<InsightsMetricsSource>();
        services.AddSingleton<IAuthorizationHandler, ScrapeRequirementHandler>();
        services.AddAuthorizationBuilder().AddPolicy(ScrapeRequirement.Policy, p => p.AddRequirements(new ScrapeRequirement()));
        return services;
    }
}

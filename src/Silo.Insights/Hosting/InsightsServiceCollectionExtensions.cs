using Silo.Hosting.Storage;
using Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Insights.Accounts;
using Silo.Insights.Alerts;
using Silo.Insights.Creatives;
using Silo.Insights.Entities;
using Silo.Insights.Meta;
using Silo.Insights.Queries;
using Silo.Insights.Sync;

namespace Silo.Insights.Hosting;

/// <summary>Wires the insights module: options, the insights source for the mode, stores, and the grains' storage.</summary>
public static class InsightsServiceCollectionExtensions
{
    public static IServiceCollection AddSiloInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTenantOwnership(configuration);
        services.AddSiloOptions<InsightsOptions>(configuration, InsightsOptions.Section, InsightsEnvironment.Map);

        services.AddHttpClient(MarketingApiClient.HttpClientName);
        services.AddSingleton<MetaApiLatency>();
        services.AddSingleton<MarketingApiClient>();
        services.AddSingleton<StubInsightsSource>();
        services.AddSingleton<LiveInsightsSource>();
        services.AddSingleton<IInsightsSource>(sp => sp.GetRequiredService<IOptions<InsightsOptions>>().Value.Mode == InsightsMode.Live
            ? sp.GetRequiredService<LiveInsightsSource>()
            : sp.GetRequiredService<StubInsightsSource>());

        services.AddSingleton<AccountLimits>();
        services.AddSingleton<SyncRunStore>();
        services.AddSingleton<CreativeArchiver>();
        services.AddSingleton<RefreshServices>();
        services.AddSingleton<InsightsQueries>();
        services.AddSingleton<ManualSync>();
        services.AddSingleton<CsvExport>();
        services.AddSingleton<AccountConnector>();
        services.AddNotificationChannel(SyncRunStore.Channel);
        services.AddSingleton<InsightsAlertCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<InsightsAlertCheck>());
        return services;
    }

    /// <summary>The insights grains' storage, on silos only: their state lives in the module's tables (ETag: their version column).</summary>
    public static ISiloBuilder AddInsightsGrains(this ISiloBuilder silo) => silo
        .AddRelationalGrainStorage<AdAccountStorage>(InsightsGrains.AccountStorage)
        .AddRelationalGrainStorage<AdEntityStorage>(InsightsGrains.EntityStorage);
}

using Silo.Hosting.Storage;
using Orleans.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Publishing.Batches;
using Silo.Publishing.Metricool;
using Orleans.Runtime.Hosting;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;

namespace Silo.Publishing.Hosting;

/// <summary>Wires the publishing module: options, the Metricool client, the batch grain's storage and what the API uses.</summary>
public static class PublishingServiceCollectionExtensions
{
    public static IServiceCollection AddSiloPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTenantOwnership(configuration);
        services.AddSiloOptions<PublishingOptions>(configuration, PublishingOptions.Section);
        // The names Metricool's own tooling uses, accepted so an existing .env works as is.
        services.AddSiloOptions<MetricoolOptions>(configuration, MetricoolOptions.Section, names => names
            .Map("METRICOOL_USER_TOKEN", nameof(MetricoolOptions.Token), (o, v) => o.Token = v)
            .Map("METRICOOL_BASE_URL", nameof(MetricoolOptions.BaseUrl), (o, v) => o.BaseUrl = v));

        services.AddHttpClient<MetricoolClient>();
        services.AddNotificationChannel(PublishBatchSql.EventsChannel);
        services.AddSingleton<PublishBatches>();
        services.AddSingleton<PublishStoriesValidator>();
        services.AddSingleton<PublishEventFeed>();
        return services;
    }

    /// <summary>The batch grain's storage (the publishing tables) and what runs with a silo's lifecycle, on silos only.</summary>
    public static ISiloBuilder AddPublishingGrains(this ISiloBuilder silo)
    {
        silo.AddRelationalGrainStorage<PublishBatchStorage>(PublishBatchStorage.Name);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ProcessingBatchesAdoption>();
        return silo;
    }
}

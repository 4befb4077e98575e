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
        services.AddSingleton<IValidateOptions<PublishingOptions>>(new SectionValidator<PublishingOptions>(PublishingOptions.Section));
        services.AddOptions<PublishingOptions>().Bind(configuration.GetSection(PublishingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricoolOptions>>(new SectionValidator<MetricoolOptions>(MetricoolOptions.Section));
        services.AddOptions<MetricoolOptions>().Bind(configuration.GetSection(MetricoolOptions.Section))
            .PostConfigure(o =>
            {
                // The names Metricool's own tooling uses, accepted so an existing .env works as is.
                if (string.IsNullOrWhiteSpace(o.Token)) o.Token = configuration["METRICOOL_USER_TOKEN"];
                if (configuration["METRICOOL_BASE_URL"] is { Length: > 0 } url) o.BaseUrl = url;
            })
            .ValidateOnStart();

        services.AddHttpClient<MetricoolClient>();
        // The batch grain's state lives in the publishing tables (only silos ever resolve it).
        services.AddGrainStorage(PublishBatchStorage.Name, (sp, _) => ActivatorUtilities.CreateInstance<PublishBatchStorage>(sp));
        services.AddNotificationChannel(PublishBatchSql.EventsChannel);
        services.AddSingleton<PublishBatches>();
        services.AddSingleton<PublishStoriesValidator>();
        services.AddSingleton<PublishEventFeed>();
        return services;
    }
}

using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Silo.Hosting.Hosting;
using Silo.Media.Intake;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// <c>/metrics</c> through OpenTelemetry: Orleans' own meter (<c>Microsoft.Orleans</c>: activations,
/// messaging, reminders, membership…) and the modules' figures, exported in Prometheus' text format.
/// </summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>Orleans' meter name (its instruments are on silos; a gateway-only node has its client's).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static IServiceCollection AddSiloMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<MetricsOptions>(configuration, MetricsOptions.Section);
        services.AddSingleton<IAuthorizationHandler, ScrapeRequirementHandler>();
        services.AddAuthorizationBuilder().AddPolicy(ScrapeRequirement.Policy, p => p.AddRequirements(new ScrapeRequirement()));

        services.AddSingleton<MediaMetrics>();
        services.AddSingleton<PublishingMetrics>();
        services.AddSingleton<InsightsMetrics>();
        services.AddSingleton<BackfillMetrics>();
        services.AddSingleton<PatreonCrawlMetrics>();
        services.AddHostedService<ModuleInstruments>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OrleansMeter, MediaMetrics.MeterName, PublishingMetrics.MeterName, InsightsMetrics.MeterName, BackfillMetrics.MeterName)
            .AddMeter(PatreonCrawlMetrics.MeterName, IntakeWriter.MeterName)
            // No second cache in front of the figures' own (DatabaseReading): a scrape sees what was read for it.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        // OpenTelemetry listens to meters by name across the whole process: where several nodes share
        // one (tests, benchmarks), each would export the others' figures, read from other databases.
        // Silo's meters come from this node's IMeterFactory; anyone else's are dropped.
        services.ConfigureOpenTelemetryMeterProvider((provider, builder) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            var series = provider.GetRequiredService<IOptions<MetricsOptions>>().Value.MaxSeriesPerMetric;
            builder.AddView(instrument => IsModuleMeter(instrument.Meter) && instrument.Meter.Scope != own
                ? MetricStreamConfiguration.Drop
                : new MetricStreamConfiguration { CardinalityLimit = series });
        });
        return services;
    }

    private static bool IsModuleMeter(Meter meter) =>
        meter.Name is MediaMetrics.MeterName or PublishingMetrics.MeterName or InsightsMetrics.MeterName or BackfillMetrics.MeterName
            or PatreonCrawlMetrics.MeterName or IntakeWriter.MeterName;

    /// <summary>Creates the modules' instruments at start-up, so the first scrape already has them.</summary>
    private sealed class ModuleInstruments(MediaMetrics media, PublishingMetrics publishing, InsightsMetrics insights, BackfillMetrics backfills,
        PatreonCrawlMetrics patreonCrawls) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive((media, publishing, insights, backfills, patreonCrawls));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

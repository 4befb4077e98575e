using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;

namespace Silo.Hosting.Cluster;

/// <summary>Makes a node an Orleans silo or an Orleans client, on the cluster's PostgreSQL.</summary>
public static class ClusterHostingExtensions
{
    private const string Invariant = "Npgsql";

    /// <summary>
    /// A <see cref="SiloRole.Silo"/> or <see cref="SiloRole.All"/> node hosts grains; a
    /// <see cref="SiloRole.Gateway"/> node is a client that finds the silos through the membership table.
    /// <paramref name="configureSilo"/> adds the modules' grain storage and other silo services.
    /// </summary>
    public static IHostApplicationBuilder AddSiloCluster(this IHostApplicationBuilder builder, SiloRole role,
        Action<ISiloBuilder>? configureSilo = null, Action<IClientBuilder>? configureClient = null)
    {
        var settings = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        builder.Services.AddSiloOptions<ClusterSettings>(builder.Configuration, ClusterSettings.Section);
        var connectionString = DatabaseServiceCollectionExtensions.ConnectionString(builder.Configuration);
        // Read now, so a certificate that cannot serve stops start-up with the setting to fix, before any port opens.
        var certificate = settings.Tls.Enabled ? ClusterCertificate.Load(settings.Tls) : null;

        if (role is SiloRole.Gateway)
        {
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
                client.AddSiloClientProviders(connectionString);
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = settings.GatewayListRefreshPeriod);
                // A gateway started before any silo keeps trying instead of failing start-up.
                client.UseConnectionRetryFilter<UntilStoppedRetryFilter>();
                if (certificate is not null) client.UseClusterTls(certificate, settings.Tls);
                configureClient?.Invoke(client);
            });
            return builder;
        }

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
            silo.ConfigureEndpoints(IPAddress.Parse(settings.AdvertisedAddress), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            silo.AddSiloProviders(connectionString, settings);
            if (certificate is not null) silo.UseClusterTls(certificate, settings.Tls);
            configureSilo?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>
    /// What every Silo silo runs on: ADO.NET clustering, reminders and opaque grain storage on the
    /// cluster's PostgreSQL, membership tuned for fast fail-over, and short reminders allowed.
    /// </summary>
    public static ISiloBuilder AddSiloProviders(this ISiloBuilder silo, string connectionString, ClusterSettings settings)
    {
        silo.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        silo.UseAdoNetReminderService(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        silo.AddAdoNetGrainStorage(StorageNames.Opaque, o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Orleans' defaults take ~8 s to notice a killed silo and ~60 s a hung one; Silo's
            // targets are 15 s and 30 s for its grains' work to resume elsewhere (README).
            o.ProbeTimeout = settings.ProbeTimeout;
            o.MaxProbeTimeout = settings.MaxProbeTimeout > settings.ProbeTimeout ? settings.MaxProbeTimeout : settings.ProbeTimeout;
            o.NumMissedProbesLimit = settings.MissedProbesLimit;
            o.TableRefreshTimeout = settings.TableRefreshTimeout;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
            // Dead silos' rows are kept for the dashboard's history (a day by default), then deleted by Orleans'
            // cleanup agent through CleanupDefunctSiloEntryKey (sql/006_orleans.sql).
            o.DefunctSiloExpiration = settings.DefunctSiloExpiration;
            o.DefunctSiloCleanupPeriod = settings.DefunctSiloCleanupPeriod;
        });
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = settings.MinimumReminderPeriod);
        // Orleans sets aside room for a million cached grain locations up front (about 9 MB a silo, at rest).
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = settings.DirectoryCacheSize);
        return silo;
    }

    /// <summary>A client (a gateway node) finds the silos through the same membership table.</summary>
    public static IClientBuilder AddSiloClientProviders(this IClientBuilder client, string connectionString) =>
        client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = (Invariant, connectionString));

    private sealed class UntilStoppedRetryFilter(IHostApplicationLifetime lifetime) : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested || cancellationToken.IsCancellationRequested) return false;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}

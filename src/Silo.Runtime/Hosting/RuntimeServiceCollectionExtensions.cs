using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Runtime.Execution;
using Silo.Runtime.Grains;
using Silo.Runtime.Inbox;
using Silo.Runtime.Leases;
using Silo.Runtime.Membership;
using Silo.Runtime.Migrations;
using Silo.Runtime.Notifications;

namespace Silo.Runtime.Hosting;

/// <summary>Wires the grain runtime into a host.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: the database, migrations at start-up, membership, notifications and the
    /// cluster client; and, when the node's role runs grains, the claim loop and lease keeper.
    /// </summary>
    public static IServiceCollection AddSiloRuntime(this IServiceCollection services, IConfiguration configuration, SiloRole role)
    {
        services.AddSingleton<IValidateOptions<RuntimeOptions>>(new SectionValidator<RuntimeOptions>(RuntimeOptions.Section));
        services.AddOptions<RuntimeOptions>().Bind(configuration.GetSection(RuntimeOptions.Section)).ValidateOnStart();

        var node = new SiloNode(role);
        services.AddSingleton(node);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CreateDataSource(configuration, sp.GetRequiredService<IOptions<RuntimeOptions>>().Value));
        services.AddSingleton(sp => new GrainCatalog(sp.GetServices<GrainRegistration>(), sp));
        services.AddSingleton<IClusterClient, ClusterClient>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ParkedMessages>();
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<ActiveGrains>();
        services.AddSingleton<TurnCommitter>();
        services.AddSingleton<ActivationRunner>();
        services.AddNotificationChannel(InboxWriter.WorkChannel);

        // Hosted services start in this order: schema first, then membership, then work.
        services.AddHostedService<MigrationsOnStart>();
        services.AddSingleton<NotificationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationListener>());
        services.AddHostedService<MembershipService>();
        if (node.RunsGrains)
        {
            services.AddHostedService<ClaimLoop>();
            services.AddHostedService<LeaseKeeper>();
            services.AddHostedService<InboxJanitor>();
        }
        return services;
    }

    /// <summary>Registers a grain type under <paramref name="typeName"/> (the first part of its grain ids).</summary>
    public static GrainTypeBuilder AddGrain<TGrain>(this IServiceCollection services, string typeName) where TGrain : Grain
    {
        var registration = new GrainRegistration(typeName, typeof(TGrain));
        services.AddSingleton(registration);
        return new GrainTypeBuilder(services, registration);
    }

    /// <summary>Makes this node LISTEN on <paramref name="channel"/> so in-process code can subscribe to it.</summary>
    public static IServiceCollection AddNotificationChannel(this IServiceCollection services, string channel)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(NotificationChannels))?.ImplementationInstance as NotificationChannels;
        if (existing is null)
        {
            existing = [];
            services.AddSingleton(existing);
        }
        existing.Add(channel);
        return services;
    }

    private static NpgsqlDataSource CreateDataSource(IConfiguration configuration, RuntimeOptions options)
    {
        var connectionString = configuration.GetConnectionString("Silo");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new OptionsValidationException("ConnectionStrings:Silo", typeof(string),
                ["ConnectionStrings:Silo is not set: give the PostgreSQL connection string (env ConnectionStrings__Silo)."]);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // A turn never holds a transaction open across I/O; a connection that does is a bug or a
        // stuck node, and PostgreSQL ends it so it cannot hold back vacuum on the queue tables.
        builder.ConnectionStringBuilder.Options =
            $"{builder.ConnectionStringBuilder.Options} -c idle_in_transaction_session_timeout={(int)options.IdleInTransactionTimeout.TotalMilliseconds}".Trim();
        builder.ConnectionStringBuilder.ApplicationName ??= "silo";
        // Every turn sends the same handful of statements: prepared once per physical connection,
        // PostgreSQL stops parsing and planning them each time. And the runtime leaves no session
        // state on a pooled connection, so the reset Npgsql would send at every reuse is skipped.
        // Both measured in docs/benchmarks.md; an explicit setting in the connection string wins.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        return builder.Build();
    }

    private sealed class MigrationsOnStart(MigrationRunner migrations) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            StartupRetry.RunAsync(ct => migrations.ApplyAsync(ct), cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

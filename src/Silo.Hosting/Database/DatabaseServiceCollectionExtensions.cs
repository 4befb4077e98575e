using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Hosting.Migrations;
using Silo.Hosting.Notifications;

namespace Silo.Hosting.Database;

/// <summary>The cluster's one PostgreSQL database: the data source, migrations at start-up, LISTEN/NOTIFY.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database. Register it before Orleans: hosted services start in order, and the
    /// providers need the tables and queries the migrations create.
    /// </summary>
    public static IServiceCollection AddSiloDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<DatabaseSettings>(configuration, DatabaseSettings.Section);
        services.AddSingleton(sp => CreateDataSource(ConnectionString(configuration), sp.GetRequiredService<IOptions<DatabaseSettings>>().Value));
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<MigrationsOnStart>();
        services.AddSingleton<NotificationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationListener>());
        services.TryAddNotificationChannels();
        return services;
    }

    /// <summary>Makes this node LISTEN on <paramref name="channel"/> so in-process code can subscribe to it.</summary>
    public static IServiceCollection AddNotificationChannel(this IServiceCollection services, string channel)
    {
        services.TryAddNotificationChannels().Add(channel);
        return services;
    }

    /// <summary><c>ConnectionStrings:Silo</c>, or a start-up error naming the setting.</summary>
    public static string ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Silo");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new OptionsValidationException("ConnectionStrings:Silo", typeof(string),
                ["ConnectionStrings:Silo is not set: give the PostgreSQL connection string (env ConnectionStrings__Silo)."]);
        return connectionString;
    }

    private static NotificationChannels TryAddNotificationChannels(this IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(NotificationChannels))?.ImplementationInstance is NotificationChannels existing)
            return existing;
        var channels = new NotificationChannels();
        services.AddSingleton(channels);
        return channels;
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString, DatabaseSettings settings)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Grain calls never hold a transaction open across I/O; a connection that does is a bug or a
        // hung node, and PostgreSQL ends it so it cannot hold locks or back vacuum up.
        builder.ConnectionStringBuilder.Options =
            $"{builder.ConnectionStringBuilder.Options} -c idle_in_transaction_session_timeout={(int)settings.IdleInTransactionTimeout.TotalMilliseconds}".Trim();
        builder.ConnectionStringBuilder.ApplicationName ??= "silo";
        // The modules send the same few statements over and over: prepared once per physical
        // connection, PostgreSQL stops parsing and planning them each time. An explicit setting in the
        // connection string wins.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        return builder.Build();
    }

    private sealed class MigrationsOnStart(MigrationRunner migrations) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            StartupRetry.RunAsync(ct => migrations.ApplyAsync(ct), cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

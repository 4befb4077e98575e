using Silo.Gateway.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using Orleans.Hosting;
using Silo.Gateway.Auth;
using Silo.Gateway.Dashboard;
using Silo.Gateway.Endpoints;
using Silo.Gateway.Grpc;
using Silo.Gateway.Limits;
using Silo.Gateway.OpenApi;
using Silo.Insights.Hosting;
using Silo.Media.Hosting;
using Silo.Publishing.Hosting;
using Silo.Hosting.Cluster;
using Silo.Hosting.Database;
using Silo.Hosting.Destinations;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Hosting;

/// <summary>Builds a node: the database, Orleans (a silo or a client, by role), the modules, and the HTTP gateway.</summary>
public static class SiloApplication
{
    /// <summary>
    /// Builds a node for <paramref name="role"/>. <paramref name="configure"/> runs before anything
    /// reads configuration, so tests and the demo can add settings and services.
    /// </summary>
    public static WebApplication Build(string[] args, SiloRole role, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.Configuration.AddMediaSettingsFile(); // seed 003's config/settings.json, when Silo:Media:SettingsFile names one
        builder.AddGrpcListener();

        builder.Services.AddSingleton(new SiloNode(role));
        builder.Services.TryAddKeyedSingleton(SiloClock.Key, TimeProvider.System);
        builder.Services.AddSiloHttpClientDefaults();
        // Before Orleans: hosted services start in order, and the providers need the migrated schema.
        builder.Services.AddSiloDatabase(builder.Configuration);
        var connection = new ClusterConnection();
        builder.Services.AddSingleton(connection);
        // The Orleans Dashboard's services run on every silo (its data and profiling); a gateway-only node adds the client side.
        var orleansDashboard = builder.Configuration.GetValue($"{Dashboard.DashboardOptions.Section}:{nameof(Dashboard.DashboardOptions.OrleansDashboard)}", true);
        builder.AddSiloCluster(role,
            silo =>
            {
                silo.AddMediaGrains().AddInsightsGrains().AddPublishingGrains();
                if (orleansDashboard) silo.AddDashboard();
            },
            client => { if (orleansDashboard) client.AddDashboard(); client.AddClusterConnectionStatusObserver(connection); });
        builder.Services.AddSiloModules(builder.Configuration);
        builder.Services.AddSiloGateway(builder.Configuration);

        var app = builder.Build();
        app.UseForwardedHeaders(); // first: everything after sees the client's address and scheme (from trusted proxies only)
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseClientAddressLimits();
        app.UseAuthentication();
        app.UseSameOriginWrites();
        app.UseAuthorization();
        app.UseRequestLimits();

        // Every node can be probed and scraped, whatever its role.
        app.MapHealthApi();
        app.MapMetricsApi();
        if (role is SiloRole.Gateway or SiloRole.All)
            app.MapSiloApis(orleansDashboard);

        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<SiloNode>().Address = app.Services.GetRequiredService<IServer>()
                .Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault());
        return app;
    }

    private static IServiceCollection AddSiloGateway(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddTrustedProxies(configuration);
        services.AddRequestLimits(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddApiKeyAuth(configuration);
        services.AddSiloOpenApi();
        services.AddSiloGrpc(configuration);
        services.AddSingleton<MediaLinks>();
        return services;
    }

    /// <summary>Each module's grains and services. One line per module.</summary>
    private static IServiceCollection AddSiloModules(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddSiloDashboard(configuration);
        services.AddSiloMedia(configuration);
        services.AddSiloInsights(configuration);
        services.AddSiloPublishing(configuration);
        services.AddSiloNotifications(configuration);
        return services;
    }

    /// <summary>Each resource's routes. One line per resource.</summary>
    private static IEndpointRouteBuilder MapSiloApis(this WebApplication app, bool orleansDashboard)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapSignIn();
        app.MapDashboard();
        if (orleansDashboard) app.MapOrleansDashboardApi();
        app.MapClusterApi();
        app.MapWebhookApi();
        app.MapPostApi();
        app.MapMediaApi();
        app.MapBackfillApi();
        app.MapPatreonCrawlApi();
        app.MapTranscriptBackfillApi();
        app.MapScrubApi();
        app.MapExportApi();
        app.MapAlertApi();
        app.MapNotificationApi();
        app.MapDeletionApi();
        app.MapInsightsApi();
        app.MapPublishApi();
        app.MapSiloGrpc();
        return app;
    }
}

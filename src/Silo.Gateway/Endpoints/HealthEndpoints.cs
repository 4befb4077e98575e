using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Silo.Gateway.Hosting;
using Silo.Hosting.Hosting;
using Silo.Hosting.Migrations;

namespace Silo.Gateway.Endpoints;

/// <summary>
/// Public probes: <c>/healthz</c> (database reachable, schema current) and <c>/readyz</c> (healthy,
/// started, and in the cluster: a silo is active, a gateway-only node's client reaches a silo).
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealth).WithName("GetHealth").WithSummary("Database reachable and migrations applied").WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).AllowAnonymous();
        app.MapGet("/readyz", GetReady).WithName("GetReady")
            .WithSummary("Healthy, started, and in the cluster (the silo active; a gateway's client connected to a silo)").WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).AllowAnonymous();
        return app;
    }

    public sealed record HealthReport(string Status, string Role, string Version, int PendingMigrations);

    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealth(
        MigrationRunner migrations, SiloNode node, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            var pending = await migrations.PendingAsync(cancellationToken);
            if (pending.Count > 0)
                return TypedResults.Problem($"{pending.Count} migrations are not applied (first: {pending[0].Version} {pending[0].Name}).",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Schema not current");
            return TypedResults.Ok(new HealthReport("healthy", node.Role.ToString().ToLowerInvariant(), node.Version, 0));
        }
        catch (NpgsqlException e)
        {
            // The driver's message names hosts, databases and roles: the node's log has it; the public probe
            // says only that the database is down (no key could be checked to show more: that needs the database).
            loggers.CreateLogger(typeof(HealthEndpoints)).LogWarning(e, "Health check: PostgreSQL is not reachable.");
            return TypedResults.Problem("PostgreSQL is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unreachable");
        }
    }

    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetReady(MigrationRunner migrations, SiloNode node,
        IHostApplicationLifetime lifetime, IServiceProvider services, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            return TypedResults.Problem("The node is starting or stopping.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        if (NotInCluster(node, services) is { } reason)
            return TypedResults.Problem(reason, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        return await GetHealth(migrations, node, loggers, cancellationToken);
    }

    /// <summary>Why the node is not ready (what <c>/readyz</c> answers 503 with), or null: gRPC's health service reports the same.</summary>
    internal static async Task<string?> NotReadyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var ready = await GetReady(services.GetRequiredService<MigrationRunner>(), services.GetRequiredService<SiloNode>(),
            services.GetRequiredService<IHostApplicationLifetime>(), services, services.GetRequiredService<ILoggerFactory>(), cancellationToken);
        return ready.Result is ProblemHttpResult problem ? problem.ProblemDetails.Detail : null;
    }

    private static string? NotInCluster(SiloNode node, IServiceProvider services)
    {
        if (node.RunsGrains)
        {
            var status = services.GetRequiredService<ISiloStatusOracle>().CurrentStatus;
            return status == SiloStatus.Active ? null : $"The silo is {status.ToString().ToLowerInvariant()}, not active.";
        }
        return services.GetRequiredService<ClusterConnection>().ConnectedGateways > 0
            ? null
            : "The Orleans client is connected to no silo (none running, or none reachable at its advertised gateway port).";
    }
}

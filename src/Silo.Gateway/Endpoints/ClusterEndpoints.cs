using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Silo.Gateway.Auth;
using Silo.Runtime.Inbox;

namespace Silo.Gateway.Endpoints;

/// <summary>The cluster itself: its nodes and the messages parked after using up their attempts.</summary>
public static class ClusterEndpoints
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cluster").WithTags("Cluster");
        group.MapGet("/nodes", GetNodes).WithName("GetNodes").WithSummary("Nodes with their heartbeat and counters")
            .RequireAuthorization(Permissions.AnalyticsRead);
        group.MapGet("/parked", GetParked).WithName("GetParkedMessages").WithSummary("Messages parked after their last attempt")
            .RequireAuthorization(Permissions.Admin);
        group.MapPost("/parked/{id:long}/retry", RetryParked).WithName("RetryParkedMessage").WithSummary("Give a parked message fresh attempts")
            .RequireAuthorization(Permissions.Admin);
        return group;
    }

    public sealed record NodeView(string NodeId, string Role, string? Address, string Version, DateTimeOffset StartedAt,
        DateTimeOffset LastHeartbeatAt, DateTimeOffset? StoppedAt, string Status, int RunningTurns, long TurnsCompleted, long TurnsFailed);

    private static async Task<Ok<List<NodeView>>> GetNodes(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        // A node silent for three heartbeats' worth of the lease period is dead; its leases are expiring.
        const string sql = """
            select node_id, role, address, version, started_at, last_heartbeat_at, stopped_at,
                   case when stopped_at is not null then 'stopped'
                        when last_heartbeat_at < now() - interval '30 seconds' then 'dead'
                        else 'alive' end,
                   running_turns, turns_completed, turns_failed
              from silo_nodes order by started_at
            """;
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<NodeView>();
        while (await reader.ReadAsync(cancellationToken))
            nodes.Add(new NodeView(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7),
                reader.GetInt32(8), reader.GetInt64(9), reader.GetInt64(10)));
        return TypedResults.Ok(nodes);
    }

    private static async Task<Results<Ok<IReadOnlyList<ParkedMessage>>, ProblemHttpResult>> GetParked(ParkedMessages parked, int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
            return TypedResults.Problem("limit must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await parked.ListAsync(limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RetryParked(long id, ParkedMessages parked, CancellationToken cancellationToken) =>
        await parked.RetryAsync(id, cancellationToken)
            ? TypedResults.Accepted((string?)null)
            : TypedResults.Problem($"No parked message with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

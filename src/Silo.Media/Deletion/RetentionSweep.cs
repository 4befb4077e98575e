using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Hosting.Tenants;
using Silo.Media.Posts;

namespace Silo.Media.Deletion;

/// <summary>
/// Deletes the posts of each source with a retention (<see cref="DeletionOptions.Retention"/>) stored longer ago than it,
/// each through its grain (<see cref="IPostGrain.Delete"/>, reason <c>retention</c>), a batch at a time. Idempotent: a
/// post already gone answers false and is skipped.
/// </summary>
public sealed class RetentionSweep(NpgsqlDataSource database, IGrainFactory grains, IOptions<DeletionOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>The audit line's actor and reason of a post its source's retention deleted.</summary>
    public const string Reason = "retention";

    /// <summary>One batch of expired posts per source; returns how many were deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var (source, keep) in options.Value.Retention)
            foreach (var postId in await ExpiredAsync(source, time.GetUtcNow() - keep, options.Value.SweepBatch, cancellationToken))
                if (await grains.GetGrain<IPostGrain>(postId).Delete(TenantOwnership.AllTenants, Reason, Reason)) deleted++;
        return deleted;
    }

    private async Task<IReadOnlyList<string>> ExpiredAsync(string source, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select post_id from posts where source = @source and created_at < @cutoff order by created_at limit @limit");
        command.Parameters.Add(new NpgsqlParameter<string>("source", source));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetString(0));
        return ids;
    }
}

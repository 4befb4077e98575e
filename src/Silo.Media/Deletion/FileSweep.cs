using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Silo.Hosting.Hosting;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Media.Deletion;

/// <summary>
/// Deletes the files nothing has referred to for longer than the grace period: their rows (<see cref="MediaFileRows"/>
/// decides what is free) and their objects in the store. Idempotent: an object already gone is fine, and a file held
/// again meanwhile is left alone. <see cref="FileSweepGrain"/> runs it periodically; tests call <see cref="RunOnceAsync"/>.
/// </summary>
public sealed class FileSweep(NpgsqlDataSource database, IBlobStore store, IOptions<DeletionOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>One batch of files whose grace period has run out; returns how many were deleted (0: nothing is due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.GracePeriod;
        var deleted = 0;
        // A preview goes only after the files naming it as their preview: a second look finds it free.
        for (var look = 0; look < 2 && deleted < options.Value.SweepBatch; look++)
        {
            var due = await MediaFileRows.ReleasedAsync(database, cutoff, options.Value.SweepBatch - deleted, cancellationToken);
            var before = deleted;
            foreach (var sha256 in due)
                if (await ForgetAsync(sha256, cutoff, cancellationToken)) deleted++;
            if (deleted == before) break;
        }
        return deleted;
    }

    private async Task<bool> ForgetAsync(string sha256, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var keys = await MediaFileRows.ForgetAsync(connection, transaction, sha256, cutoff, cancellationToken);
        if (keys is null) return false;
        // Objects first, row last (the commit): a sweep that dies in between leaves the row, and the next sweep repeats it.
        foreach (var key in keys) await store.DeleteAsync(key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

using System.Text.Json;
using Silo.Media.Posts;

namespace Silo.Media.Intake;

public sealed partial class IntakeShardGrain
{
    /// <summary>
    /// Reads one batch of the shard's rows, hands each post its rows (different posts at once, up to
    /// <see cref="IntakeOptions.PickupConcurrency"/>; one post's rows one after another, stopping at its first
    /// failure), then deletes what was stored in one statement and records what failed in another. A crash before
    /// the delete replays rows their grains already hold, which they recognise as duplicates.
    /// </summary>
    /// <returns>The rows read, and the earliest time a row that failed now is due again.</returns>
    public async Task<(int Read, DateTimeOffset? NextRetryAt)> PickUpOnceAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ReadBatchAsync(Shard, time.GetUtcNow(), Options.PickupBatchSize, cancellationToken);
        if (rows.Count == 0) return (0, null);
        // Every continuation runs on this activation's one-at-a-time scheduler, so the lists need no lock.
        var stored = new List<long>();
        var failed = new List<(IntakeRow Row, Exception Error)>();
        using var gate = new SemaphoreSlim(Options.PickupConcurrency);
        await Task.WhenAll(rows.GroupBy(r => r.PostId).Select(async post =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                foreach (var row in post)
                {
                    try
                    {
                        await HandOnAsync(row);
                        stored.Add(row.Id);
                    }
                    catch (Exception e)
                    {
                        // The post's later rows wait behind this one: a post's changes reach its grain in order.
                        failed.Add((row, e));
                        break;
                    }
                }
            }
            finally { gate.Release(); }
        }));
        await store.DeleteAsync(stored, cancellationToken);
        var failures = failed.Select(f => Failure(f.Row, f.Error)).ToList();
        await store.FailAsync(failures, cancellationToken);
        return (rows.Count, failures.Select(f => f.NextAttemptAt).Min());
    }

    private async Task HandOnAsync(IntakeRow row)
    {
        var outcome = await GrainFactory.GetGrain<IPostGrain>(row.PostId).Receive(IntakeJson.Read(row.Change));
        // The post is another tenant's (its page changed hands, or a key's ingest came first): the change is dropped.
        if (outcome == ReceiveOutcome.OtherTenant) LogOtherTenant(logger, row.PostId, row.Tenant, row.Id);
    }

    /// <summary>
    /// Backoff from <see cref="IntakeOptions.RetryBaseDelay"/>, doubling to <see cref="IntakeOptions.RetryMaxDelay"/>;
    /// parked after <see cref="IntakeOptions.MaxAttempts"/> tries, or at once when no build can read the row.
    /// </summary>
    private IntakeFailure Failure(IntakeRow row, Exception error)
    {
        var now = time.GetUtcNow();
        var tries = row.Attempts + 1;
        if (tries >= Options.MaxAttempts || error is JsonException)
        {
            LogParked(logger, error, row.PostId, row.Id, tries);
            return new IntakeFailure(row, error.Message, null, now);
        }
        var delay = TimeSpan.FromTicks((long)Math.Min(Options.RetryMaxDelay.Ticks, Options.RetryBaseDelay.Ticks * Math.Pow(2, row.Attempts)));
        LogHandOverFailed(logger, error, row.PostId, row.Id, tries);
        return new IntakeFailure(row, error.Message, now + delay, null);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Execution;
using Silo.Runtime.Grains;
using Silo.Runtime.Tests.Grains;
using Silo.Testing;

namespace Silo.Runtime.Tests.Leases;

public sealed class FenceTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Commit_AfterLeaseTakenOver_RefusedAndNewerStateKept()
    {
        var id = new GrainId("journal", "fenced");
        var ct = TestContext.Current.CancellationToken;
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var stalls = 0;
        var stale = new TurnProbe
        {
            // The first turn stalls (a long download, a GC pause) and ignores cancellation; any later
            // run of the same message, on either node, goes straight through.
            DuringTurn = async (_, text, _) =>
            {
                if (text == "x" && Interlocked.Increment(ref stalls) == 1)
                {
                    entered.TrySetResult();
                    await release.Task;
                }
            },
        };
        await using var first = await JournalNode.StartAsync(database, stale);
        try
        {
            await first.Client().SendAsync(id, new Note("x"), "x", ct);
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

            // The stalled node's lease is lost: expired, and owned by a node it cannot renew as.
            await database.ExecuteAsync(
                "update grains set lease_owner = 'gone', lease_expires_at = now() - interval '1 second' where grain_key = 'fenced'");
            await using var second = await JournalNode.StartAsync(database, new TurnProbe());
            await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).SequenceEqual(["x"]), "x is journaled by a new lease");
            await second.Client().SendAsync(id, new Note("y"), "y", ct);
            await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).SequenceEqual(["x", "y"]), "y is journaled");

            release.SetResult();
            var metrics = first.Services.GetRequiredService<RuntimeMetrics>();
            await Eventually.UntilAsync(() => metrics.LeasesLost == 1, "the stalled turn's commit is refused");

            Assert.Equal(["x", "y"], await JournalNode.NotesAsync(database, id));
            Assert.Equal(2L, await database.ScalarAsync<long>(
                "select count(*) from grain_inbox where grain_key = 'fenced' and processed_at is not null"));
        }
        finally
        {
            release.TrySetResult();
        }
    }
}

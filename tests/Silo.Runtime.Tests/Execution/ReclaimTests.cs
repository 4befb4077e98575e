using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Execution;
using Silo.Runtime.Grains;
using Silo.Runtime.Tests.Grains;
using Silo.Testing;

namespace Silo.Runtime.Tests.Execution;

public sealed class ReclaimTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Claim_SameNodeReclaimsExpiredLease_StaleActivationCancelled()
    {
        var id = new GrainId("journal", "reclaimed");
        var ct = TestContext.Current.CancellationToken;
        var runs = 0;
        var staleCancelled = new TaskCompletionSource();
        var probe = new TurnProbe
        {
            // The first run hangs until cancelled (a stuck download); the second goes straight through.
            DuringTurn = async (_, _, token) =>
            {
                if (Interlocked.Increment(ref runs) > 1) return;
                try { await Task.Delay(Timeout.Infinite, token); }
                catch (OperationCanceledException) { staleCancelled.TrySetResult(); throw; }
            },
        };
        // A long lease: the lease keeper does not renew during the test, so only the claim sees the expiry.
        await using var node = await JournalNode.StartAsync(database, probe, new Dictionary<string, string?>
        {
            ["Silo:Runtime:LeaseDuration"] = "00:05:00",
        });
        await node.Client().SendAsync(id, new Note("once"), "once", ct);
        await Eventually.UntilAsync(() => Volatile.Read(ref runs) == 1, "the first run is stuck");

        await database.ExecuteAsync("update grains set lease_expires_at = now() - interval '1 second' where grain_key = 'reclaimed'");

        await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).Count == 1, "the re-claimed grain runs the note");
        await staleCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(["once"], await JournalNode.NotesAsync(database, id));
        await Eventually.UntilAsync(() => node.Services.GetRequiredService<ActiveGrains>().Count == 0, "no activation is left running");
    }
}

using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Grains;
using Silo.Runtime.Inbox;
using Silo.Runtime.Tests.Grains;
using Silo.Testing;

namespace Silo.Runtime.Tests.Execution;

public sealed class PoisonMessageTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Turn_ThrowsEveryTime_ParkedAfterMaxAttemptsAndNextMessageRuns()
    {
        var probe = new TurnProbe();
        await using var node = await JournalNode.StartAsync(database, probe, new Dictionary<string, string?> { ["Silo:Runtime:MaxAttempts"] = "3" });
        var id = new GrainId("journal", "poisoned");
        var ct = TestContext.Current.CancellationToken;

        await node.Client().SendAsync(id, new Note("before"), "m1", ct);
        await node.Client().SendAsync(id, new Fail("bad"), "m2", ct);
        await node.Client().SendAsync(id, new Note("after"), "m3", ct);

        await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).Contains("after"), "the message after the poison runs");
        Assert.Equal(["before", "after"], await JournalNode.NotesAsync(database, id));
        Assert.Equal(3, probe.Events.Count(e => e.Grain == id && e.What == "fail:bad"));

        var parked = await node.Services.GetRequiredService<ParkedMessages>().ListAsync(10, ct);
        var message = Assert.Single(parked, p => p.GrainId == id.ToString());
        Assert.Equal("m2", message.MessageId);
        Assert.Equal(3, message.Attempts);
        Assert.Contains("poison bad", message.LastError);
    }

    [Fact]
    public async Task RetryAsync_ParkedMessage_RunsAgain()
    {
        var probe = new TurnProbe();
        await using var node = await JournalNode.StartAsync(database, probe, new Dictionary<string, string?> { ["Silo:Runtime:MaxAttempts"] = "1" });
        var id = new GrainId("journal", "retried");
        var ct = TestContext.Current.CancellationToken;
        var parked = node.Services.GetRequiredService<ParkedMessages>();

        await node.Client().SendAsync(id, new Fail("once"), "p1", ct);
        await Eventually.UntilAsync(async () => (await parked.ListAsync(100, ct)).Any(p => p.MessageId == "p1"), "the message is parked");
        var entry = (await parked.ListAsync(100, ct)).Single(p => p.MessageId == "p1");

        Assert.True(await parked.RetryAsync(entry.Id, ct));
        await Eventually.UntilAsync(() => probe.Events.Count(e => e.Grain == id) == 2, "the parked message runs a second time");
        Assert.False(await parked.RetryAsync(-1, ct));
    }
}

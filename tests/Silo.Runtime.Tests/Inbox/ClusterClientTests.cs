using Silo.Runtime.Grains;
using Silo.Runtime.Tests.Grains;
using Silo.Testing;

namespace Silo.Runtime.Tests.Inbox;

public sealed class ClusterClientTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task SendAsync_ManyMessages_HandledInOrder()
    {
        var probe = new TurnProbe();
        await using var node = await JournalNode.StartAsync(database, probe);
        var id = new GrainId("journal", "ordered");
        var expected = Enumerable.Range(1, 50).Select(i => $"n{i}").ToList();

        foreach (var text in expected)
            await node.Client().SendAsync(id, new Note(text), messageId: text, TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).Count == 50, "all 50 notes are journaled");
        Assert.Equal(expected, await JournalNode.NotesAsync(database, id));
    }

    [Fact]
    public async Task SendAsync_DuplicateMessageId_StoredAndHandledOnce()
    {
        var probe = new TurnProbe();
        await using var node = await JournalNode.StartAsync(database, probe);
        var id = new GrainId("journal", "dedup");

        var first = await node.Client().SendAsync(id, new Note("once"), "webhook-1", TestContext.Current.CancellationToken);
        var second = await node.Client().SendAsync(id, new Note("once"), "webhook-1", TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).Count >= 1, "the note is journaled");
        var third = await node.Client().SendAsync(id, new Note("once"), "webhook-1", TestContext.Current.CancellationToken);
        await node.Client().SendAsync(id, new Note("marker"), "webhook-2", TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(async () => (await JournalNode.NotesAsync(database, id)).Contains("marker"), "the marker is journaled");

        Assert.True(first);
        Assert.False(second);
        Assert.False(third);
        Assert.Equal(["once", "marker"], await JournalNode.NotesAsync(database, id));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from grain_inbox where grain_key = 'dedup'"));
    }
}

using System.Text.Json;
using Silo.Runtime.Grains;
using Silo.Runtime.Tests.Grains;
using Silo.Testing;

namespace Silo.Runtime.Tests.Reminders;

public sealed class ReminderTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<DateTimeOffset>> TicksAsync(GrainId id) =>
        JsonSerializer.Deserialize<JournalState>(await database.ScalarAsync<string>(
            "select state::text from grains where grain_type = @t and grain_key = @k", ("t", id.Type), ("k", id.Key)) ?? "{}",
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Ticks;

    private Task<long> ReminderRowsAsync(GrainId id) =>
        database.ScalarAsync<long>("select count(*) from grain_reminders where grain_key = @k", ("k", id.Key));

    [Fact]
    public async Task OneShotReminder_NodeRestartedBeforeDue_FiresOnceOnNewNode()
    {
        var id = new GrainId("journal", "restart");
        await using (var before = await JournalNode.StartAsync(database, new TurnProbe()))
        {
            await before.Client().SendAsync(id, new SetReminder("wake", DueMs: 3000), "set", Ct);
            await Eventually.UntilAsync(async () => await ReminderRowsAsync(id) == 1, "the reminder is registered");
        }
        Assert.Empty(await TicksAsync(id));

        await using var after = await JournalNode.StartAsync(database, new TurnProbe());
        await Eventually.UntilAsync(async () => (await TicksAsync(id)).Count == 1, "the reminder fires on the new node");
        await Eventually.UntilAsync(async () => await ReminderRowsAsync(id) == 0, "the one-shot reminder is retired");
    }

    [Fact]
    public async Task OneShotReminder_DueWhileNoNodeRan_FiresExactlyOnceAfterStart()
    {
        var id = new GrainId("journal", "missed");
        await using (var before = await JournalNode.StartAsync(database, new TurnProbe()))
        {
            await before.Client().SendAsync(id, new SetReminder("retry", DueMs: 1500), "set", Ct);
            await Eventually.UntilAsync(async () => await ReminderRowsAsync(id) == 1, "the reminder is registered");
        }
        Assert.Empty(await TicksAsync(id));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<bool>(
            "select bool_and(due_at < now() - interval '1 second') from grain_reminders where grain_key = 'missed'"),
            "the reminder's due time passes while no node runs");

        var probe = new TurnProbe();
        await using var after = await JournalNode.StartAsync(database, probe);
        await Eventually.UntilAsync(async () => (await TicksAsync(id)).Count == 1, "the missed reminder fires");
        await after.Client().SendAsync(id, new Note("marker"), "marker", Ct);
        await Eventually.UntilAsync(() => probe.Events.Any(e => e.What == "note:marker"), "a later message runs");

        Assert.Single(await TicksAsync(id));
        Assert.Equal(0L, await ReminderRowsAsync(id));
    }

    [Fact]
    public async Task PeriodicReminder_FiresSeveralTimes_KeepsItsPeriod()
    {
        var id = new GrainId("journal", "periodic");
        await using var node = await JournalNode.StartAsync(database, new TurnProbe());
        await node.Client().SendAsync(id, new SetReminder("tick", DueMs: 300, PeriodMs: 300), "set", Ct);

        await Eventually.UntilAsync(async () => (await TicksAsync(id)).Count >= 4, "the reminder fires four times");
        var ticks = await TicksAsync(id);

        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.Equal(TimeSpan.FromMilliseconds(300), pair.Second - pair.First));
        Assert.Equal(1L, await ReminderRowsAsync(id));
    }
}

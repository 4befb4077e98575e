using Orleans.TestingHost;
using Silo.Testing;

namespace Silo.Hosting.Tests.Work;

/// <summary>
/// <see cref="Silo.Hosting.Work.WorkLoop.StandingReminder"/> on one silo: the reminder outlives the work, and its tick
/// finds work that no call announced, in the same activation or in a fresh one after a step was cut short.
/// </summary>
public sealed class StandingReminderTests(StandingReminderTests.World world) : IClassFixture<StandingReminderTests.World>
{
    private readonly TestDatabase database = world.Database;
    private readonly InProcessTestCluster _cluster = world.Cluster;

    /// <summary>One silo on a fresh database.</summary>
    public sealed class World : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();
        public InProcessTestCluster Cluster { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await Database.InitializeAsync();
            Cluster = await ChoresCluster.StartAsync(Database, silos: 1);
            Database.DisposeWith(Cluster);
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    [Fact]
    public async Task Reminder_WorkRunsOut_StaysRegisteredAndItsTickFindsLettersNoCallAnnounced()
    {
        const string key = "work-runs-out";
        var probe = InboxProbe.For(key);
        probe.Post(2);
        await _cluster.Client.GetGrain<IInboxGrain>(key).Open();
        await Eventually.UntilAsync(() => probe.Handled == 2, "the letters waiting at the activation are handled");

        // Ticks with nothing to do: a post's reminder would be gone by now; this one stays.
        var ticks = probe.Ticks;
        await Eventually.UntilAsync(() => probe.Ticks >= ticks + 2, "the reminder ticked twice with the box empty");
        Assert.Equal(1L, await database.RemindersAsync(key));

        probe.Post(1);
        await Eventually.UntilAsync(() => probe.Handled == 3, "a tick found the letter posted without a call");
        Assert.Equal(1, probe.Activations);
        Assert.Equal(1L, await database.RemindersAsync(key));
    }

    [Fact]
    public async Task Step_CutShort_ActivationGoesAndATickResumesTheWorkInAFreshOne()
    {
        const string key = "step-cut-short";
        var probe = InboxProbe.For(key);
        probe.FailSteps(1);
        probe.Post(2);

        await _cluster.Client.GetGrain<IInboxGrain>(key).Open();

        // The failed step deactivates the grain; nothing calls it again, so only the reminder's tick can bring it back.
        await Eventually.UntilAsync(() => probe.Handled == 2, "a fresh activation handled both letters");
        Assert.Equal(2, probe.Activations);
        Assert.True(probe.Ticks >= 1);
        Assert.Equal(1L, await database.RemindersAsync(key));
    }
}

using Orleans.TestingHost;
using Silo.Testing;

namespace Silo.Hosting.Tests.Work;

/// <summary><see cref="Silo.Hosting.Work.WorkLoop"/> on two silos: the one running a step is killed, and the reminder resumes the work on the other.</summary>
public sealed class WorkLoopCrashTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Step_SiloKilledMidStep_ReminderTickResumesTheWorkOnTheOtherSilo()
    {
        const string key = "silo-killed";
        var probe = ChoresProbe.For(key);
        probe.Hold = 1; // the killed silo's step never ends
        await using var cluster = await ChoresCluster.StartAsync(database, silos: 2);
        await cluster.Client.GetGrain<IChoresGrain>(key).Add(1);
        await Eventually.UntilAsync(() => probe.SteppedOn.Count == 1, "the step started");

        var running = cluster.Silos.Single(s => s.SiloAddress.ToString() == probe.SteppedOn[0]);
        await cluster.KillSiloAsync(running, TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(async () => probe.Stored == 1 && await database.RemindersAsync(key) == 0,
            "the other silo did the chore and removed the reminder", TimeSpan.FromSeconds(90));
        Assert.Equal(2, probe.SteppedOn.Count);
        Assert.NotEqual(probe.SteppedOn[0], probe.SteppedOn[1]);
        Assert.Equal(new[] { 0, 1 }, await cluster.Client.GetGrain<IChoresGrain>(key).Counts());
    }
}

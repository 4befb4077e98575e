using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using Silo.Testing;

namespace Silo.Hosting.Tests.Work;

/// <summary>
/// <see cref="Silo.Hosting.Work.WorkLoop"/> on a silo that is stopping: the step in hand is cancelled and stores nothing, no
/// new one starts there (either would hold the silo's shutdown), and the reminder resumes the work on the other silo.
/// </summary>
public sealed class WorkLoopStoppingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Step_SiloStoppingMidWork_NoNewStepThereAndTheOtherSiloDoesTheRest()
    {
        const string key = "silo-stopping";
        var probe = ChoresProbe.For(key);
        probe.Hold = 1;
        await using var cluster = await ChoresCluster.StartAsync(database, silos: 2);
        await cluster.Client.GetGrain<IChoresGrain>(key).Add(3);
        await Eventually.UntilAsync(() => probe.SteppedOn.Count == 1, "the first step started");

        var running = (InProcessSiloHandle)cluster.Silos.Single(s => s.SiloAddress.ToString() == probe.SteppedOn[0]);
        var stopping = running.SiloHost.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // The held step is never released: only its cancellation lets the silo stop.
        await cluster.StopSiloAsync(running, TestContext.Current.CancellationToken);
        Assert.True(stopping.IsCancellationRequested);
        Assert.Equal(0, probe.Stored);

        await Eventually.UntilAsync(async () => probe.Stored == 3 && await database.RemindersAsync(key) == 0,
            "the other silo did every chore and removed the reminder", TimeSpan.FromSeconds(90));
        Assert.Equal(4, probe.SteppedOn.Count);
        Assert.All(probe.SteppedOn.Skip(1), silo => Assert.NotEqual(probe.SteppedOn[0], silo));
        Assert.Equal(new[] { 0, 3 }, await cluster.Client.GetGrain<IChoresGrain>(key).Counts());
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Silo.Hosting.Cluster;
using Silo.Hosting.Database;
using Silo.Hosting.Hosting;
using Silo.Publishing.Batches;
using Silo.Publishing.Hosting;
using Silo.Publishing.Metricool;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Batches;

/// <summary>
/// Two Orleans silos (InProcessTestCluster, the real ADO.NET clustering, reminders and
/// PublishBatchStorage on PostgreSQL): the silo running a batch is killed in the middle of a create
/// call, and the other one takes the batch over.
/// </summary>
public sealed class PublishBatchFailoverTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Publish_SiloKilledDuringCreateCall_OtherSiloFindsTheClipAndCompletesTheBatch()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.TimeoutsAfterCreate = 1);
        var callers = new ConcurrentQueue<string>();
        await using var cluster = await StartClusterAsync(metricool, callers);
        const string batchId = "failover-1";
        var clips = Enumerable.Range(0, 2).Select(i => new ValidatedClip(PublishingNode.ClipUrl("failover", i), $"Part {i + 1}", null)).ToList();

        var created = await cluster.Client.GetGrain<IPublishBatchGrain>(batchId)
            .Publish(new BatchSubmission("acme", null, new ValidatedBatch("4242", "user-1", PublishMode.Now, null, false, clips)));
        await Eventually.UntilAsync(() => metricool.Simulator.HeldCreates == 1, "the first create call is stored and held");
        var running = cluster.Silos.Single(s => s.Name == callers.Single());
        await cluster.KillSiloAsync(running, TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(async () => await database.ScalarAsync<string>(
            "select status from publish_batches where batch_id = @b", ("b", batchId)) == BatchStatus.Completed,
            "the surviving silo completes the batch", TimeSpan.FromSeconds(90));
        Assert.True(created.Created);
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("failover", 0)));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("failover", 1)));
        Assert.Equal("published:1,published:1", await database.ScalarAsync<string>(
            "select string_agg(status || ':' || attempts, ',' order by clip_index) from publish_batch_clips where batch_id = @b", ("b", batchId)));
        // Clip 1 was created by the other silo, found through the real membership table.
        Assert.Equal([running.Name], callers.Take(1));
        Assert.Equal(2, callers.Count);
        Assert.NotEqual(running.Name, callers.Last());
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from orleans_membership"));
        // The killed silo's call ends by its own timeout; whatever it then tries to write is refused.
        await Eventually.UntilAsync(() => metricool.Simulator.HeldCreates == 0, "the killed silo's call was abandoned");
        Assert.Equal(2, metricool.Simulator.Posts.Count);
    }

    private async Task<InProcessTestCluster> StartClusterAsync(MetricoolSimulatorHost metricool, ConcurrentQueue<string> callers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Silo"] = database.ConnectionString,
            ["Silo:Publishing:ConfirmationPollInterval"] = "00:00:00.100",
            ["Silo:Publishing:LookupDelay"] = "00:00:00.100",
            ["Silo:Publishing:StepBackstopPeriod"] = "00:00:01",
            ["Silo:Publishing:Metricool:BaseUrl"] = metricool.BaseUrl,
            ["Silo:Publishing:Metricool:Token"] = MetricoolSimulatorHost.Token,
            ["Silo:Publishing:Metricool:ReadRetryDelay"] = "00:00:00.020",
            ["Silo:Publishing:Metricool:CreateTimeout"] = "00:00:05",
            // Blog 4242 is acme's, as the operator gives it: the batch grain publishes only to its tenant's blogs.
            ["Silo:Tenants:acme:MetricoolBlogs:0"] = "4242",
        };
        var builder = new InProcessTestClusterBuilder(2);
        // The cluster's real ADO.NET membership, not the test cluster's in-memory one (the switch is
        // internal in Orleans.TestingHost 10.4.2).
        typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.NonPublic | BindingFlags.Instance)!
            .SetValue(builder.Options, false);
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddKeyedSingleton(SiloClock.Key, TimeProvider.System);
            host.Services.AddSiloDatabase(host.Configuration);
            host.Services.AddSiloPublishing(host.Configuration);
            host.Services.AddHttpClient<MetricoolClient>().AddHttpMessageHandler(() => new CallerRecorder(silo.SiloName, callers));
        });
        builder.ConfigureSilo((_, silo) =>
            silo.AddSiloProviders(database.ConnectionString, new ClusterSettings { MinimumReminderPeriod = TimeSpan.FromSeconds(1) })
                .AddPublishingGrains());
        builder.ConfigureClient(client => client.AddSiloClientProviders(database.ConnectionString));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Notes which silo sent each create call.</summary>
    private sealed class CallerRecorder(string siloName, ConcurrentQueue<string> callers) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post) callers.Enqueue(siloName);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

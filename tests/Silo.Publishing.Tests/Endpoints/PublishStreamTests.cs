using Microsoft.Extensions.DependencyInjection;
using Silo.Publishing.Batches;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Endpoints;

public sealed class PublishStreamTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Stream_WholeBatch_EveryTransitionInOrderThenEnds()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:StreamKeepAlive"] = "00:00:00.100" });
        var batchId = await node.PublishAsync("sse", 2);

        // EventSource cannot send headers: the key travels as access_token.
        using var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.GetAsync($"/api/metricool/stream?batchId={batchId}&access_token={TestNode.AdminKey}",
            HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reading = SseReader.ReadAsync(response, cancellationToken: TestContext.Current.CancellationToken);
        await node.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "clip 0 waits");
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        var events = await reading.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.Equal(
        [
            "batch:processing", "clip0:uploading", "clip0:waiting_confirmation", "clip0:published", "batch:processing",
            "clip1:uploading", "clip1:waiting_confirmation", "clip1:published", "batch:completed",
        ], events.Select(Describe));
        Assert.Equal(await database.ScalarAsync<long>("select count(*) from publish_batch_events where batch_id = @b", ("b", batchId)),
            events.Count);
    }

    [Fact]
    public async Task Stream_ReconnectWithLastEventId_MissesNothingAndRepeatsNothing()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var batchId = await node.PublishAsync("reconnect", 3);
        using var client = node.AdminClient();

        List<SseEvent> before;
        using (var first = await client.GetAsync($"/api/metricool/stream?batchId={batchId}", HttpCompletionOption.ResponseHeadersRead,
                   TestContext.Current.CancellationToken))
            before = await SseReader.ReadAsync(first, e => e.Status == ClipStatus.WaitingConfirmation, TestContext.Current.CancellationToken);
        // While nobody listens, the batch moves on.
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        await node.UntilBatchAsync(batchId, b => b.PublishedClips >= 2, "two clips are published while disconnected");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/metricool/stream?batchId={batchId}");
        request.Headers.Add("Last-Event-ID", before[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var second = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var after = await SseReader.ReadAsync(second, cancellationToken: TestContext.Current.CancellationToken);

        // Reconnecting after the last event of an ended batch: nothing more, and the stream ends.
        using var last = new HttpRequestMessage(HttpMethod.Get, $"/api/metricool/stream?batchId={batchId}&lastEventId={after[^1].Id}");
        using var third = await client.SendAsync(last, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var nothing = await SseReader.ReadAsync(third, cancellationToken: TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var all = before.Concat(after).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Id));
        Assert.Equal("batch:completed", Describe(all[^1]));
        Assert.Equal(3, all.Count(e => e.Status == ClipStatus.Published));
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task Stream_GatewayNodeWhileAnotherNodeRunsTheGrain_EventsArriveThroughNotify()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var silo = await PublishingNode.StartAsync(database, metricool, role: Silo.Hosting.Hosting.SiloRole.Silo);
        await using var gateway = await PublishingNode.StartAsync(database, metricool, role: Silo.Hosting.Hosting.SiloRole.Gateway);
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        var batchId = await gateway.PublishAsync("cross-node", 2);
        using var client = gateway.AdminClient();

        using var response = await client.GetAsync($"/api/metricool/stream?batchId={batchId}", HttpCompletionOption.ResponseHeadersRead,
            TestContext.Current.CancellationToken);
        var reading = SseReader.ReadAsync(response, cancellationToken: TestContext.Current.CancellationToken);
        await gateway.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "clip 0 waits on the silo node");
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        var events = await reading.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.Equal("batch:completed", Describe(events[^1]));
        // The gateway is an Orleans client only: the grain ran on the silo, the events came by NOTIFY.
        Assert.Null(gateway.Services.GetService<Orleans.Runtime.ILocalSiloDetails>());
        Assert.NotNull(silo.Services.GetService<Orleans.Runtime.ILocalSiloDetails>());
    }

    [Fact]
    public async Task Stream_UnknownBatch_Returns404()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        using var client = node.AdminClient();

        var response = await client.GetAsync("/api/metricool/stream?batchId=nope", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Describe(SseEvent e) => e.Type == "batch" ? $"batch:{e.Status}" : $"clip{e.ClipIndex}:{e.Status}";
}

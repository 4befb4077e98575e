using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Simulators.MetaGraph;

namespace Silo.Host.Demo;

/// <summary>
/// Keeps the demo moving: every few seconds a Facebook Page publishes a photo post and Meta's webhook
/// reaches the node (signed, as Meta signs it); every fourth post reuses an earlier image, so
/// deduplication shows on the dashboard. About every minute a Story batch of 2–4 clips is published
/// through the real <c>POST /api/metricool/publish/stories</c> route to the Metricool simulator,
/// so batches' clips move on the dashboard (see <see cref="DemoStories"/>).
/// </summary>
internal sealed partial class DemoWorkload(DemoEnvironment demo, IServer server, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<DemoWorkload> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan StoriesEvery = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host stops its services one by one, and the web server may stop before this one: the workload ends as soon
        // as the application starts stopping, so no post is sent to a server that no longer answers.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        await WhenStarted(stopping.Token);
        var address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await Task.WhenAll(PostsAsync(address, stopping.Token), StoriesAsync(address, stopping.Token));
    }

    private async Task StoriesAsync(Uri address, CancellationToken stoppingToken)
    {
        using var http = new HttpClient { BaseAddress = address };
        var run = time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            for (var n = 1; !stoppingToken.IsCancellationRequested; n++)
            {
                try
                {
                    var batchId = await DemoStories.PublishAsync(http, demo, run, n, stoppingToken);
                    LogStoriesPublished(batchId, new Uri(address, $"/api/metricool/stream?batchId={batchId}"));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogStoriesFailed(e);
                }
                await Task.Delay(StoriesEvery, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostsAsync(Uri address, CancellationToken stoppingToken)
    {
        using var http = new HttpClient { BaseAddress = address };
        var run = time.GetUtcNow().ToUnixTimeSeconds();
        for (var n = 1; !stoppingToken.IsCancellationRequested; n++)
        {
            try
            {
                await PublishPostAsync(http, run, n, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPostFailed(e);
            }
            await Task.Delay(Every, time, stoppingToken);
        }
    }

    private async Task PublishPostAsync(HttpClient http, long run, int n, CancellationToken cancellationToken)
    {
        var image = n % 4 == 0 ? n - 3 : n; // every fourth post shares an image with an earlier one
        var file = $"demo-{run}-{image}.png";
        if (image == n) demo.Cdn.AddFile(file, DemoImages.Gradient(320, 200, seed: (int)(run + image)), "image/png");
        var postId = $"{DemoEnvironment.PageId}_{run}{n:D4}";
        demo.Graph.AddPagePost(new GraphFacebookPost(postId, $"Demo post {n}", FullPicture: file));
        var body = MetaWebhookPayloads.PageFeed(DemoEnvironment.PageId,
            new MetaWebhookPayloads.FeedValue("photo", postId, $"Demo post {n}", Link: demo.Cdn.SignedUrl(file),
                CreatedTime: time.GetUtcNow().ToUnixTimeSeconds()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", MetaWebhookPayloads.Sign(body, DemoEnvironment.AppSecret));
        (await http.SendAsync(request, cancellationToken)).EnsureSuccessStatusCode();
    }

    private Task WhenStarted(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource();
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo post could not be sent")]
    private partial void LogPostFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Demo Story batch {BatchId} published; watch it with the demo admin key: curl -N -H \"Authorization: Bearer <key>\" \"{StreamUrl}\"")]
    private partial void LogStoriesPublished(string batchId, Uri streamUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo Story batch could not be published")]
    private partial void LogStoriesFailed(Exception error);
}

using System.Collections.Concurrent;
using System.Text;
using Silo.Simulators.MetaGraph;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Page posts with a photo each, announced by signed webhooks at a steady pace. A delivery that is
/// not acknowledged with 2xx is delivered again, as Meta redelivers; a post counts as sent once the
/// gateway acknowledged it. Every fourth post reuses an earlier image, so deduplication is exercised.
/// </summary>
public sealed class WebhookLoad(Simulators simulators, Uri gateway, int posts, TimeSpan pace)
{
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new();
    private int _redeliveries;

    /// <summary>Source post ids the gateway acknowledged.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    public int Redeliveries => Volatile.Read(ref _redeliveries);

    public static string ImageName(int post) => $"fault-{(post % 4 == 0 ? post - 3 : post)}.png";

    /// <summary>Sends every post, then waits until each was acknowledged (or <paramref name="cancellationToken"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        var deliveries = new List<Task>();
        for (var n = 1; n <= posts; n++)
        {
            deliveries.Add(DeliverAsync(http, n, cancellationToken));
            await Task.Delay(pace, cancellationToken);
        }
        await Task.WhenAll(deliveries);
    }

    private async Task DeliverAsync(HttpClient http, int n, CancellationToken cancellationToken)
    {
        var image = ImageName(n);
        if (image == $"fault-{n}.png") simulators.Cdn.AddFile(image, TestImages.Png(seed: n), "image/png");
        var postId = $"{ClusterSettings.PageId}_{n:D6}";
        simulators.Graph.AddPagePost(new GraphFacebookPost(postId, $"Fault suite post {n}", FullPicture: image));
        var body = MetaWebhookPayloads.PageFeed(ClusterSettings.PageId,
            new MetaWebhookPayloads.FeedValue("photo", postId, $"Fault suite post {n}", Link: simulators.Cdn.SignedUrl(image)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Hub-Signature-256", MetaWebhookPayloads.Sign(body, ClusterSettings.AppSecret));
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    _acknowledged[postId] = 0;
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The gateway could not store it (database restarting): Meta would deliver it again.
            }
            Interlocked.Increment(ref _redeliveries);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), cancellationToken);
        }
    }
}

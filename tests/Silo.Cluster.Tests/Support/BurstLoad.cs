using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Issue 19's burst: <see cref="Deliveries"/> signed Page-feed webhooks sent to the gateway as fast as it answers,
/// <see cref="InFlight"/> at a time, each a post with a small photo from a pool of <see cref="Images"/> on the CDN
/// simulator. Post ids are <c>700800900_9nnnnn</c>, apart from the steady load's. A delivery not answered 2xx is
/// delivered again, as Meta redelivers; every answer that was not a 2xx is counted by kind.
/// </summary>
/// <param name="mark">How many acknowledgements complete <see cref="MarkReached"/> (the moment to inject a fault).</param>
public sealed class BurstLoad(Simulators simulators, Uri gateway, int mark)
{
    public const int Deliveries = 1000, InFlight = 50, Images = 50, ImageBytes = 4096;

    private readonly ConcurrentDictionary<string, byte> _acknowledged = new();
    private readonly TaskCompletionSource _markReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _serverErrors, _otherwiseRefused;

    /// <summary>Source post ids the gateway answered 2xx.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>Completes as the <c>mark</c>-th delivery is acknowledged.</summary>
    public Task MarkReached => _markReached.Task;

    /// <summary>Deliveries answered 5xx: the gateway said it stored nothing.</summary>
    public int ServerErrors => Volatile.Read(ref _serverErrors);

    /// <summary>Deliveries with no answer (connection lost, 10 s timeout) or another non-2xx one (a 429).</summary>
    public int OtherwiseRefused => Volatile.Read(ref _otherwiseRefused);

    public static string PostId(int n) => $"{ClusterSettings.PageId}_{900_000 + n}";

    private static string ImageName(int n) => $"burst-{n % Images}.png";

    /// <summary>Sends every delivery until each was acknowledged, or until <paramref name="abort"/>.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        for (var image = 0; image < Images; image++) simulators.Cdn.AddFile(ImageName(image), SampleMedia.Image(ImageName(image), ImageBytes));
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        using var gate = new SemaphoreSlim(InFlight);
        await Task.WhenAll(Enumerable.Range(1, Deliveries).Select(async n =>
        {
            await gate.WaitAsync(abort);
            try { await DeliverAsync(http, n, abort); }
            finally { gate.Release(); }
        }));
    }

    private async Task DeliverAsync(HttpClient http, int n, CancellationToken abort)
    {
        var postId = PostId(n);
        var body = MetaWebhookPayloads.PageFeed(ClusterSettings.PageId,
            new MetaWebhookPayloads.FeedValue("photo", postId, $"Burst post {n}", Link: simulators.Cdn.SignedUrl(ImageName(n))));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Hub-Signature-256", MetaWebhookPayloads.Sign(body, ClusterSettings.AppSecret));
                using var response = await http.SendAsync(request, abort);
                if (response.IsSuccessStatusCode)
                {
                    if (_acknowledged.TryAdd(postId, 0) && _acknowledged.Count >= mark) _markReached.TrySetResult();
                    return;
                }
                if (response.StatusCode >= HttpStatusCode.InternalServerError) Interlocked.Increment(ref _serverErrors);
                else Interlocked.Increment(ref _otherwiseRefused);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref _otherwiseRefused);
            }
            // Meta's redelivery, sooner than Meta's: the suite's time is bounded.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), abort);
        }
    }
}

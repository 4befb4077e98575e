using System.Collections.Concurrent;
using System.Text;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// Page posts with a photo each, announced by signed webhooks at a steady pace for as long as the
/// faults go on. A delivery that is not acknowledged with 2xx is delivered again, as Meta
/// redelivers; a post counts as sent once the gateway acknowledged it. Every fourth post reuses an
/// earlier image, so deduplication is exercised. While <see cref="LinksFromGraph"/> is set, posts are
/// announced without their link (as Meta announces status and share changes), so the node must read
/// them from the Graph API.
/// </summary>
public sealed class WebhookLoad(Simulators simulators, Uri gateway, TimeSpan pace, int maxPosts)
{
    private readonly ConcurrentDictionary<string, byte> _acknowledged = new();
    // Insertion-ordered by the suite's faults (a fault is added once, when it starts), so the report lists them in order.
    private readonly List<(string Fault, int Count)> _refusedDuring = [];
    private int _redeliveries;
    private int _sent;
    private volatile bool _linksFromGraph;
    private volatile string _fault = "before the first fault";

    /// <summary>Announce posts without a link, so each costs the node a Graph API read.</summary>
    public bool LinksFromGraph { get => _linksFromGraph; set => _linksFromGraph = value; }

    /// <summary>Source post ids the gateway acknowledged.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acknowledged.Keys];

    public int Sent => Volatile.Read(ref _sent);

    /// <summary>The fault under way: a delivery answered 5xx is counted against it (issue 19: 5xx per fault).</summary>
    public string Fault
    {
        get => _fault;
        set
        {
            lock (_refusedDuring) if (!_refusedDuring.Exists(f => f.Fault == value)) _refusedDuring.Add((value, 0));
            _fault = value;
        }
    }

    /// <summary>Deliveries answered 5xx (the gateway stored nothing), by the fault under way when they were answered.</summary>
    public IReadOnlyList<(string Fault, int Count)> RefusedDuring { get { lock (_refusedDuring) return [.. _refusedDuring]; } }

    public int Redeliveries => Volatile.Read(ref _redeliveries);

    public static string ImageName(int post) => $"fault-{(post % 4 == 0 ? post - 3 : post)}.png";

    /// <summary>
    /// Sends a post every <c>pace</c> until <paramref name="stopSending"/> (or <c>maxPosts</c>), then
    /// waits until each was acknowledged (or <paramref name="abort"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken stopSending, CancellationToken abort)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        var deliveries = new List<Task>();
        for (var n = 1; n <= maxPosts && !stopSending.IsCancellationRequested; n++)
        {
            deliveries.Add(DeliverAsync(http, n, abort));
            Interlocked.Increment(ref _sent);
            try { await Task.Delay(pace, stopSending); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(deliveries);
    }

    private async Task DeliverAsync(HttpClient http, int n, CancellationToken cancellationToken)
    {
        var image = ImageName(n);
        if (image == $"fault-{n}.png") simulators.Cdn.AddFile(image, SampleMedia.Image(image, 4096));
        var postId = $"{ClusterSettings.PageId}_{n:D6}";
        simulators.Graph.AddPagePost(new GraphFacebookPost(postId, $"Fault suite post {n}", FullPicture: image));
        var body = MetaWebhookPayloads.PageFeed(ClusterSettings.PageId,
            new MetaWebhookPayloads.FeedValue("photo", postId, $"Fault suite post {n}", Link: LinksFromGraph ? null : simulators.Cdn.SignedUrl(image)));
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
                if ((int)response.StatusCode >= 500) CountRefused(_fault);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The gateway could not store it (database restarting): Meta would deliver it again.
            }
            Interlocked.Increment(ref _redeliveries);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * attempt, 2000)), cancellationToken);
        }
    }

    private void CountRefused(string fault)
    {
        lock (_refusedDuring)
        {
            var at = _refusedDuring.FindIndex(f => f.Fault == fault);
            if (at < 0) _refusedDuring.Add((fault, 1));
            else _refusedDuring[at] = (fault, _refusedDuring[at].Count + 1);
        }
    }
}

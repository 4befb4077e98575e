using System.Collections.Concurrent;
using Silo.Simulators.MetaCdn;

namespace Silo.Simulators.Patreon;

/// <summary>
/// A stand-in for Patreon's API v2 (<c>/api/oauth2/v2/…</c>, JSON:API documents): campaigns with their
/// posts and tiers, a bearer token, cursor paging, and switchable 429/5xx/401 faults. Post files are
/// served by a CDN simulator (signed links, like Patreon's content hosts). Mount it with
/// <see cref="PatreonSimulatorEndpoints.MapPatreonSimulator"/>.
/// </summary>
public sealed class PatreonSimulator(MetaCdnSimulator cdn)
{
    private readonly ConcurrentDictionary<string, Campaign> _campaigns = new();
    private readonly ConcurrentDictionary<string, PatreonPost> _posts = new();
    private readonly ConcurrentDictionary<string, int> _reads = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _mostInFlight = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstReadAt = new();
    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _tokenWindows = new(StringComparer.Ordinal);
    private int _requests;

    public MetaCdnSimulator Cdn { get; } = cdn;
    public PatreonFaults Faults { get; } = new();

    /// <summary>The creator access token requests must carry as <c>Authorization: Bearer …</c>; null accepts any.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Requests answered (any outcome, faults included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests for one path below <c>/api/oauth2/v2/</c>, e.g. <c>posts/123</c> or <c>campaigns/9/posts</c>.</summary>
    public int Reads(string path) => _reads.GetValueOrDefault(path);

    /// <summary>When the first request for <paramref name="path"/> arrived (the simulator's clock: the system's); null when none did.</summary>
    public DateTimeOffset? FirstReadAt(string path) => _firstReadAt.TryGetValue(path, out var at) ? at : null;

    /// <summary>Requests refused by the per-token limit (<see cref="PatreonFaults.TokenLimit"/>).</summary>
    public int TokenLimitRefusals => Volatile.Read(ref _tokenRefusals);

    private int _tokenRefusals;

    /// <summary>
    /// The most requests of one kind (<c>list</c>: post lists, <c>post</c>: single posts, <c>campaign</c>) that were
    /// being answered at the same moment: how many calls of a kind a client made at once.
    /// </summary>
    public int MostAtOnce(string kind) => _mostInFlight.GetValueOrDefault(kind);

    internal IDisposable InFlight(string kind)
    {
        var now = _inFlight.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _mostInFlight.AddOrUpdate(kind, now, (_, most) => Math.Max(most, now));
        return new Leaving(() => _inFlight.AddOrUpdate(kind, 0, (_, n) => n - 1));
    }

    private sealed class Leaving(Action leave) : IDisposable
    {
        public void Dispose() => leave();
    }

    public void AddCampaign(string campaignId, IEnumerable<PatreonTierRecord> tiers) =>
        _campaigns[campaignId] = new Campaign([.. tiers]);

    /// <summary>Adds a post to the campaign (the list is served oldest first, as Patreon's default sort by publication).</summary>
    public void AddPost(string campaignId, PatreonPost post)
    {
        var campaign = _campaigns.GetOrAdd(campaignId, _ => new Campaign([]));
        lock (campaign) campaign.Posts.Add(post);
        _posts[post.Id] = post;
    }

    /// <summary>Deletes a post: its details answer 404 from now on, and the list no longer holds it.</summary>
    public void RemovePost(string postId)
    {
        if (!_posts.TryRemove(postId, out var post)) return;
        foreach (var campaign in _campaigns.Values) lock (campaign) campaign.Posts.Remove(post);
    }

    internal Campaign? FindCampaign(string id) => _campaigns.GetValueOrDefault(id);

    internal PatreonPost? FindPost(string id) => _posts.GetValueOrDefault(id);

    internal void Count(string path)
    {
        Interlocked.Increment(ref _requests);
        _reads.AddOrUpdate(path, 1, (_, n) => n + 1);
        _firstReadAt.TryAdd(path, TimeProvider.System.GetUtcNow());
    }

    /// <summary>
    /// Patreon limits requests per access token in a window: past <see cref="PatreonFaults.TokenLimit"/> requests in
    /// <see cref="PatreonFaults.TokenWindowSeconds"/>, the token is refused until the window ends. Returns the seconds
    /// to wait (the 429's <c>Retry-After</c>), or null when the request may go through.
    /// </summary>
    internal int? TakeTokenAllowance(string token)
    {
        var (limit, window) = (Faults.TokenLimit, Faults.TokenWindowSeconds);
        if (limit <= 0) return null;
        var now = TimeProvider.System.GetUtcNow();
        lock (_tokenWindows)
        {
            var (start, count) = _tokenWindows.GetValueOrDefault(token, (now, 0));
            if (now - start >= TimeSpan.FromSeconds(window)) (start, count) = (now, 0);
            if (count >= limit)
            {
                Interlocked.Increment(ref _tokenRefusals);
                return Math.Max(1, (int)Math.Ceiling((start.AddSeconds(window) - now).TotalSeconds));
            }
            _tokenWindows[token] = (start, count + 1);
            return null;
        }
    }

    internal sealed record Campaign(List<PatreonTierRecord> Tiers)
    {
        public List<PatreonPost> Posts { get; } = [];

        public List<PatreonPost> Snapshot()
        {
            lock (this) return [.. Posts.OrderBy(p => p.PublishedAt).ThenBy(p => p.Id, StringComparer.Ordinal)];
        }
    }
}

using System.Collections.Concurrent;
using Silo.Simulators.MetaCdn;

namespace Silo.Simulators.MetaGraph;

/// <summary>
/// A stand-in for the Graph API's read side used by media archiving: Page posts
/// (<c>full_picture</c>, <c>picture</c>, <c>attachments{media{image{src},source},subattachments}</c>)
/// and Instagram media (<c>/{ig-user-id}/media</c>, <c>media_url</c>, <c>thumbnail_url</c>, <c>children</c>),
/// in Meta's documented JSON shapes and error bodies. Every read signs fresh CDN links.
/// </summary>
public sealed class MetaGraphSimulator(MetaCdnSimulator cdn)
{
    private readonly ConcurrentDictionary<string, GraphFacebookPost> _posts = new();
    private readonly ConcurrentDictionary<string, List<GraphInstagramMedia>> _accounts = new();
    private readonly ConcurrentDictionary<string, int> _reads = new();
    private readonly ConcurrentDictionary<string, List<GraphFacebookPost>> _pages = new();
    private readonly Queue<DateTimeOffset> _calls = new();
    private int _requests;

    public MetaCdnSimulator Cdn { get; } = cdn;
    public MetaGraphFaults Faults { get; } = new();

    /// <summary>When set, requests must carry this token (Bearer header or <c>access_token</c>), else error 190.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The app's secret when its dashboard requires <c>appsecret_proof</c> on every call; null requires none.</summary>
    public string? AppSecret { get; set; }

    /// <summary>How long the CDN links it hands out stay valid. Default 1 hour.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Calls each usage header's <c>call_count</c> is measured against, per <see cref="UsageWindow"/>. Default 4,800.</summary>
    public int CallBudget { get; set; } = 4800;

    /// <summary>The rolling window usage is counted over. Default 1 hour, as Meta's.</summary>
    public TimeSpan UsageWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every request answered (any path, any outcome).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void AddPagePost(GraphFacebookPost post) => _posts[post.Id] = post;

    /// <summary>A post on <paramref name="pageId"/>'s feed (<c>/{page-id}/posts</c>, newest <see cref="GraphFacebookPost.CreatedTime"/> first).</summary>
    public void AddPagePost(string pageId, GraphFacebookPost post)
    {
        _posts[post.Id] = post;
        _pages.AddOrUpdate(pageId, _ => [post], (_, list) => { lock (list) list.Add(post); return list; });
    }

    public void AddInstagramMedia(string igUserId, GraphInstagramMedia media) =>
        _accounts.AddOrUpdate(igUserId, _ => [media], (_, list) => { lock (list) list.Add(media); return list; });

    /// <summary>How many times an object (post, media or account edge) was read.</summary>
    public int Reads(string id) => _reads.GetValueOrDefault(id);

    internal void CountRead(string id)
    {
        Interlocked.Increment(ref _requests);
        _reads.AddOrUpdate(id, 1, (_, n) => n + 1);
    }

    /// <summary>Counts a call in the usage window and returns the usage it brings the app to, in percent of <see cref="CallBudget"/>.</summary>
    internal int CountCall()
    {
        if (Faults.UsagePercent is { } forced) return forced;
        var now = Cdn.Time.GetUtcNow();
        lock (_calls)
        {
            _calls.Enqueue(now);
            while (_calls.Count > 0 && _calls.Peek() <= now - UsageWindow) _calls.Dequeue();
            return (int)Math.Min(100L * _calls.Count / Math.Max(CallBudget, 1), 100);
        }
    }

    internal List<GraphFacebookPost>? PageFeed(string pageId)
    {
        if (!_pages.TryGetValue(pageId, out var list)) return null;
        lock (list) return [.. list.OrderByDescending(p => p.CreatedTime).ThenByDescending(p => p.Id, StringComparer.Ordinal)];
    }

    internal GraphFacebookPost? FindPost(string id) => _posts.GetValueOrDefault(id);

    internal GraphInstagramMedia? FindMedia(string id) =>
        _accounts.Values.SelectMany(list => { lock (list) return list.ToList(); }).FirstOrDefault(m => m.Id == id);

    internal List<GraphInstagramMedia>? AccountMedia(string igUserId)
    {
        if (!_accounts.TryGetValue(igUserId, out var list)) return null;
        lock (list) return list.OrderByDescending(m => m.Timestamp).ToList();
    }

    internal string? Link(string? file) => file is null ? null : Cdn.SignedUrl(file, Cdn.Time.GetUtcNow() + LinkLifetime);
}

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

    public MetaCdnSimulator Cdn { get; } = cdn;
    public MetaGraphFaults Faults { get; } = new();

    /// <summary>When set, requests must carry this token (Bearer header or <c>access_token</c>), else error 190.</summary>
    public string? AccessToken { get; set; }

    /// <summary>How long the CDN links it hands out stay valid. Default 1 hour.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    public void AddPagePost(GraphFacebookPost post) => _posts[post.Id] = post;

    public void AddInstagramMedia(string igUserId, GraphInstagramMedia media) =>
        _accounts.AddOrUpdate(igUserId, _ => [media], (_, list) => { lock (list) list.Add(media); return list; });

    /// <summary>How many times an object (post, media or account edge) was read.</summary>
    public int Reads(string id) => _reads.GetValueOrDefault(id);

    internal void CountRead(string id) => _reads.AddOrUpdate(id, 1, (_, n) => n + 1);

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

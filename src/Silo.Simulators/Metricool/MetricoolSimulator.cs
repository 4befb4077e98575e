using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Silo.Simulators.Metricool;

/// <summary>
/// The state of a simulated Metricool: stored posts per brand, the faults in force, and how many
/// times each media URL was created (what "never twice" tests assert on).
/// </summary>
public sealed class MetricoolSimulator(TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<long, SimulatedPost> _posts = new();
    private readonly ConcurrentDictionary<string, int> _createdByMedia = new(StringComparer.Ordinal);
    private readonly Lock _faultsLock = new();
    private MetricoolFaults _faults = new();
    private long _nextId = 1000;
    private int _held;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    private readonly ConcurrentDictionary<string, string> _brandTimeZones = new(StringComparer.Ordinal);

    /// <summary>Sets a brand's IANA time zone (as a Metricool brand carries it); a brand never set is in <c>UTC</c>.</summary>
    public void SetBrandTimeZone(string blogId, string timeZone) => _brandTimeZones[blogId] = timeZone;

    /// <summary>The brand's IANA time zone, in which its audience's best times are reckoned.</summary>
    public string BrandTimeZone(string blogId) => _brandTimeZones.GetValueOrDefault(blogId, "UTC");

    /// <summary>The API token the simulator accepts in <c>X-Mc-Auth</c>; null accepts any non-empty token.</summary>
    public string? Token { get; set; }

    /// <summary>Create calls whose answer is being held right now (a timeout after creation in progress).</summary>
    public int HeldCreates => Volatile.Read(ref _held);

    /// <summary>Every post stored, in creation order.</summary>
    public IReadOnlyList<SimulatedPost> Posts => [.. _posts.Values.OrderBy(p => p.Id)];

    /// <summary>How many posts were created with <paramref name="mediaUrl"/> among their media.</summary>
    public int CreatedCount(string mediaUrl) => _createdByMedia.GetValueOrDefault(mediaUrl);

    /// <summary>A copy of the faults in force.</summary>
    public MetricoolFaults Faults
    {
        get { lock (_faultsLock) return _faults.Clone(); }
        set { lock (_faultsLock) _faults = value.Clone(); }
    }

    /// <summary>Changes the faults atomically.</summary>
    public void SetFaults(Action<MetricoolFaults> change)
    {
        lock (_faultsLock) change(_faults);
    }

    /// <summary>Forgets every post, count and fault.</summary>
    public void Reset()
    {
        _posts.Clear();
        _createdByMedia.Clear();
        Faults = new MetricoolFaults();
    }

    /// <summary>Consumes one occurrence of a counted fault; true if it fires.</summary>
    internal bool Take(Func<MetricoolFaults, int> read, Action<MetricoolFaults> decrement)
    {
        lock (_faultsLock)
        {
            if (read(_faults) <= 0) return false;
            decrement(_faults);
            return true;
        }
    }

    internal SimulatedPost Store(string blogId, string userId, DateTimeOffset publicationDate, string text, IReadOnlyList<string> media,
        IReadOnlyList<string> networks, string? instagramType, string? facebookType, JsonObject request)
    {
        var post = new SimulatedPost(Interlocked.Increment(ref _nextId), Guid.NewGuid().ToString(), blogId, userId, publicationDate,
            Time.GetUtcNow(), text, media, networks, instagramType, facebookType, Faults.PublicationFails, request);
        _posts[post.Id] = post;
        foreach (var url in media) _createdByMedia.AddOrUpdate(url, 1, (_, n) => n + 1);
        return post;
    }

    internal IEnumerable<SimulatedPost> PostsOf(string blogId, DateTimeOffset start, DateTimeOffset end) =>
        Posts.Where(p => p.BlogId == blogId && p.PublicationDate >= start && p.PublicationDate <= end);

    internal void HoldStarted() => Interlocked.Increment(ref _held);
    internal void HoldEnded() => Interlocked.Decrement(ref _held);

    /// <summary>The post as Metricool answers it: providers carry PENDING until the post is out, then PUBLISHED (or ERROR).</summary>
    internal JsonObject ToJson(SimulatedPost post)
    {
        var now = Time.GetUtcNow();
        var due = post.PublicationDate <= now && now >= post.CreatedAt + Faults.ConfirmationDelay;
        var providers = new JsonArray();
        foreach (var network in post.Networks)
        {
            var provider = new JsonObject { ["network"] = network };
            if (!due) provider["status"] = "PENDING";
            else if (post.FailsPublication)
            {
                provider["status"] = "ERROR";
                provider["detailedStatus"] = "The media could not be published as a story";
            }
            else
            {
                provider["status"] = "PUBLISHED";
                provider["id"] = $"{network}_{post.Id}";
                provider["publicUrl"] = $"https://{network}.example/stories/{post.Id}";
            }
            providers.Add(provider);
        }
        var json = (JsonObject)post.Request.DeepClone();
        json["id"] = post.Id;
        json["uuid"] = post.Uuid;
        json["providers"] = providers;
        json["creationDate"] = Info(post.CreatedAt);
        json["publicationDate"] = Info(post.PublicationDate);
        return json;
    }

    internal static JsonObject Info(DateTimeOffset at) => new()
    {
        ["dateTime"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        ["timezone"] = "UTC",
    };
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Simulators.MetaAds;

/// <summary>
/// The state of a Graph Marketing API stand-in: ad accounts with campaigns, ad sets and ads, access
/// tokens (valid or expired), async report jobs, faults and a log of the requests served. Figures are
/// a pure function of entity id and day, so a test can compute what the simulator served.
/// </summary>
public sealed class MetaAdsSimulator(TimeProvider? time = null, long firstId = 120_000_000_000)
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, MetaAdsEntity> _entities = new();
    private readonly ConcurrentDictionary<string, string> _tokens = new(); // token → "valid" | "expired"
    private readonly ConcurrentDictionary<string, MetaAdsReportJob> _jobs = new();
    private readonly ConcurrentQueue<MetaAdsRequest> _requests = new();
    private readonly ConcurrentDictionary<string, MetaAdsCreative> _creatives = new(); // ad id → its creative
    private readonly ConcurrentDictionary<string, MetaAdsVideo> _videos = new();
    // Meta ids are unique across accounts; simulators sharing one database start at different ids.
    private long _nextId = firstId;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>Switchable faults; change them at any time (guarded by the simulator's lock).</summary>
    public MetaAdsFaults Faults { get; private set; } = new();

    public IReadOnlyCollection<MetaAdsRequest> Requests => _requests.ToArray();

    public void SetFaults(MetaAdsFaults faults)
    {
        lock (_gate) Faults = faults;
    }

    public void AddToken(string token) => _tokens[token] = "valid";

    /// <summary>The app's secret when its dashboard requires <c>appsecret_proof</c> on every call; null requires none.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Later requests with this token get code 190 (session expired).</summary>
    public void ExpireToken(string token) => _tokens[token] = "expired";

    internal string? TokenState(string token) => _tokens.TryGetValue(token, out var state) ? state : null;

    /// <summary>Creates an ad account with <paramref name="campaigns"/> × <paramref name="adSets"/> × <paramref name="ads"/> entities, all ACTIVE but the first <paramref name="pausedCampaigns"/>.</summary>
    public IReadOnlyList<MetaAdsEntity> AddAccount(string accountId, int campaigns, int adSets, int ads, int pausedCampaigns = 0)
    {
        var created = new List<MetaAdsEntity>();
        for (var c = 0; c < campaigns; c++)
        {
            var status = c < pausedCampaigns ? "PAUSED" : "ACTIVE";
            var campaign = Add(new MetaAdsEntity(NextId(), "campaign", accountId, "", null, $"Campaign {c + 1}", status), created);
            for (var s = 0; s < adSets; s++)
            {
                var adset = Add(new MetaAdsEntity(NextId(), "adset", accountId, campaign.Id, null, $"Ad set {c + 1}.{s + 1}",
                    status == "ACTIVE" ? "ACTIVE" : "CAMPAIGN_PAUSED"), created);
                for (var a = 0; a < ads; a++)
                    Add(new MetaAdsEntity(NextId(), "ad", accountId, campaign.Id, adset.Id, $"Ad {c + 1}.{s + 1}.{a + 1}",
                        status == "ACTIVE" ? "ACTIVE" : "CAMPAIGN_PAUSED"), created);
            }
        }
        return created;
    }

    public IReadOnlyList<MetaAdsEntity> Entities(string accountId, string level) =>
        _entities.Values.Where(e => e.AccountId == accountId && e.Level == level).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();

    public MetaAdsEntity? Entity(string id) => _entities.TryGetValue(id, out var e) ? e : null;

    /// <summary>Entities at <paramref name="level"/> under <paramref name="objectId"/> (an account, campaign, ad set or ad).</summary>
    public IReadOnlyList<MetaAdsEntity> Under(string objectId, string level) =>
        _entities.Values.Where(e => e.Level == level && (e.Id == objectId || e.AccountId == objectId || e.CampaignId == objectId || e.AdSetId == objectId))
            .OrderBy(e => e.Id, StringComparer.Ordinal).ToList();

    /// <summary>The account an object belongs to, or null when the simulator does not know it.</summary>
    public string? AccountOf(string objectId) =>
        objectId.StartsWith("act_", StringComparison.Ordinal) ? objectId
        : _entities.TryGetValue(objectId, out var e) ? e.AccountId
        : _jobs.TryGetValue(objectId, out var j) ? j.AccountId
        : _videos.TryGetValue(objectId, out var v) ? v.AccountId
        : null;

    /// <summary>Gives <paramref name="adId"/> a creative (replacing the one it had: the listing then shows the new id).</summary>
    public void SetCreative(string adId, MetaAdsCreative creative) => _creatives[adId] = creative;

    public MetaAdsCreative? CreativeOf(string adId) => _creatives.GetValueOrDefault(adId);

    /// <summary>An ad video a creative can name by <see cref="MetaAdsVideo.Id"/>.</summary>
    public void AddVideo(MetaAdsVideo video) => _videos[video.Id] = video;

    internal MetaAdsVideo? Video(string id) => _videos.GetValueOrDefault(id);

    /// <summary>A fresh id for a creative or a video, unique like Meta's.</summary>
    public string NewId() => NextId();

    /// <summary>Raw figures of an entity on a day: impressions, clicks, reach, unique clicks, spend, purchases, purchase value.</summary>
    public static (long Impressions, long Clicks, long Reach, long UniqueClicks, decimal Spend, long Purchases, decimal PurchaseValue) Figures(string id, DateOnly day)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"meta-sim|{id}|{day:yyyy-MM-dd}"));
        double Unit(int i) => BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(i * 4)) / (double)uint.MaxValue;
        var impressions = (long)(1_000 + Unit(0) * 9_000);
        var clicks = (long)(impressions * (0.01 + Unit(1) * 0.03));
        var reach = (long)(impressions * (0.6 + Unit(2) * 0.3));
        var uniqueClicks = (long)(clicks * 0.9);
        var spend = Math.Round((decimal)(clicks * (0.3 + Unit(3) * 0.7)), 2);
        var purchases = (long)(clicks * Unit(4) * 0.08);
        var value = Math.Round((decimal)(purchases * (20 + Unit(5) * 60)), 2);
        return (impressions, clicks, reach, uniqueClicks, spend, purchases, value);
    }

    internal MetaAdsReportJob CreateJob(string objectId, string accountId, string level, DateOnly since, DateOnly until, int timeIncrement = 1,
        IReadOnlyList<string>? campaignIds = null)
    {
        lock (_gate)
        {
            var fails = Faults.FailNextJobs > 0;
            if (fails) Faults.FailNextJobs--;
            fails |= Faults.FailJobsOverDays > 0 && until.DayNumber - since.DayNumber + 1 > Faults.FailJobsOverDays;
            var job = new MetaAdsReportJob(NextId(), objectId, accountId, level, since, until, Faults.JobPolls, fails, timeIncrement)
            {
                CampaignIds = campaignIds,
            };
            _jobs[job.Id] = job;
            return job;
        }
    }

    /// <summary>The report jobs created for <paramref name="accountId"/>, oldest first.</summary>
    public IReadOnlyList<MetaAdsReportJob> ReportJobs(string accountId) =>
        _jobs.Values.Where(j => j.AccountId == accountId).OrderBy(j => long.Parse(j.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>Requests served for <paramref name="accountId"/> (every method, errors included).</summary>
    public int Calls(string accountId) => _requests.Count(r => r.AccountId == accountId);

    /// <summary>Usage reported to <paramref name="accountId"/> now: the base percent plus the load of its recent requests, at most 100.</summary>
    internal int UsagePercent(string? accountId)
    {
        var faults = Faults;
        if (accountId is null || faults.UsagePerCall <= 0) return faults.UsagePercent;
        var since = Time.GetUtcNow().AddSeconds(-faults.UsageWindowSeconds);
        var recent = _requests.Count(r => r.AccountId == accountId && r.At >= since);
        return (int)Math.Min(100, faults.UsagePercent + faults.UsagePerCall * recent);
    }

    internal MetaAdsReportJob? Job(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Consumes one fault for a data request of <paramref name="accountId"/>: "rate_limit", "server_error" or null.</summary>
    internal string? TakeFault(string? accountId)
    {
        lock (_gate)
        {
            if (Faults.ServerErrorsNext > 0)
            {
                Faults.ServerErrorsNext--;
                return "server_error";
            }
            if (Faults.RateLimitNext > 0 && (Faults.RateLimitAccountId is null || Faults.RateLimitAccountId == accountId))
            {
                Faults.RateLimitNext--;
                return "rate_limit";
            }
            return null;
        }
    }

    internal void Record(MetaAdsRequest request) => _requests.Enqueue(request);

    public void ClearRequests() => _requests.Clear();

    private MetaAdsEntity Add(MetaAdsEntity entity, List<MetaAdsEntity> created)
    {
        if (entity.Level == "campaign") entity = entity with { CampaignId = entity.Id };
        _entities[entity.Id] = entity;
        created.Add(entity);
        return entity;
    }

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

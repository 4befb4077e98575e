using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Silo.Insights.Accounts;
using Silo.Insights.Creatives;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Reports;

namespace Silo.Insights.Meta;

/// <summary>
/// Stub mode: an account's hierarchy and every entity's daily figures derived from a hash of ids,
/// so the same id (and day) always yields the same figures, with no credentials and no network.
/// </summary>
public sealed class StubInsightsSource(IOptions<InsightsOptions> options) : IInsightsSource
{
    private readonly InsightsOptions _options = options.Value;

    public string Mode => "stub";

    public Task<IReadOnlyList<DiscoveredEntity>> DiscoverAsync(AdAccount account, CancellationToken cancellationToken)
    {
        var root = new string(account.AccountId.Where(char.IsAsciiDigit).ToArray());
        var entities = new List<DiscoveredEntity>();
        for (var c = 1; c <= _options.StubCampaigns; c++)
        {
            var campaign = $"{root}{c:D4}";
            entities.Add(new DiscoveredEntity(campaign, AdEntityType.Campaign, campaign, null, $"Campaign {c}", "ACTIVE", null));
            for (var s = 1; s <= _options.StubAdSetsPerCampaign; s++)
            {
                var adset = $"{campaign}{s:D2}";
                var targeting = $$$"""{"age_min":{{{18 + Pick(adset, 0, 10)}}},"age_max":{{{45 + Pick(adset, 1, 20)}}},"geo_locations":{"countries":["{{{Countries[Pick(adset, 2, Countries.Length)]}}}"]}}""";
                entities.Add(new DiscoveredEntity(adset, AdEntityType.AdSet, campaign, null, $"Ad set {c}.{s}", "ACTIVE", targeting));
                for (var a = 1; a <= _options.StubAdsPerAdSet; a++)
                {
                    var ad = $"{adset}{a:D2}";
                    entities.Add(new DiscoveredEntity(ad, AdEntityType.Ad, campaign, adset, $"Ad {c}.{s}.{a}", "ACTIVE", null,
                        _options.StubCreativeImageUrl is null ? null : CreativeIdOf(ad)));
                }
            }
        }
        return Task.FromResult<IReadOnlyList<DiscoveredEntity>>(entities);
    }

    public Task<ReportProgress> StartReportAsync(AdAccount account, AdEntityRef entity, DateWindow window, CancellationToken cancellationToken) =>
        Task.FromResult<ReportProgress>(new ReportProgress.Completed(window.Days().Select(day => Figures(entity, day)).ToList()));

    /// <summary>
    /// With <see cref="InsightsOptions.StubCreativeImageUrl"/> set (the demo's CDN), every ad has a creative: odd ads an
    /// image, even ads a video (<see cref="InsightsOptions.StubCreativeVideoUrl"/>) with its thumbnail; text from the ad's id.
    /// </summary>
    public Task<AdCreative?> ReadCreativeAsync(AdAccount account, string adId, CancellationToken cancellationToken)
    {
        if (_options.StubCreativeImageUrl is not { } image) return Task.FromResult<AdCreative?>(null);
        var even = adId.Length > 0 && (adId[^1] - '0') % 2 == 0;
        var video = even ? _options.StubCreativeVideoUrl : null;
        var title = Titles[Pick(adId, 3, Titles.Length)];
        var body = $"{title}: {Bodies[Pick(adId, 4, Bodies.Length)]}";
        return Task.FromResult<AdCreative?>(video is null
            ? new AdCreative(CreativeIdOf(adId), $"Creative of ad {adId}", title, body, image.ToString(), _options.StubCreativeThumbnailUrl?.ToString(),
                null, null, null)
            : new AdCreative(CreativeIdOf(adId), $"Creative of ad {adId}", title, body, null, _options.StubCreativeThumbnailUrl?.ToString(),
                $"8{adId}", video.ToString(), null));
    }

    /// <summary>The stub creative of an ad: its id with a 9 in front, so it changes only if the ad does.</summary>
    public static string CreativeIdOf(string adId) => $"9{adId}";

    private static readonly string[] Titles = ["Summer sale", "New collection", "Free shipping", "Last chance"];
    private static readonly string[] Bodies = ["up to 40% off this week.", "made to last, made here.", "on every order over $50.", "ends Sunday."];

    public Task<ReportProgress> PollReportAsync(AdAccount account, AdEntityRef entity, string reportRunId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Stub reports complete at once; there is no job to poll.");

    /// <summary>The figures of <paramref name="entity"/> on <paramref name="day"/>: a pure function of its id and the day.</summary>
    public static InsightRow Figures(AdEntityRef entity, DateOnly day)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{entity.EntityId}|{day:yyyy-MM-dd}"));
        double Unit(int i) => BinaryPrimitives.ReadUInt32LittleEndian(hash.AsSpan(i * 4)) / (double)uint.MaxValue;

        // A campaign spends more than one of its ad sets, which spends more than one of its ads.
        var scale = entity.EntityType switch { AdEntityType.Campaign => 6.0, AdEntityType.AdSet => 2.0, _ => 1.0 };
        var impressions = (long)(scale * (2_000 + Unit(0) * 18_000));
        var reach = (long)(impressions * (0.55 + Unit(1) * 0.35));
        var clicks = (long)(impressions * (0.006 + Unit(2) * 0.034));
        var uniqueClicks = (long)(clicks * (0.80 + Unit(3) * 0.15));
        var spend = (decimal)(clicks * (0.20 + Unit(4) * 0.90));
        var conversions = (long)(clicks * (0.01 + Unit(5) * 0.07));
        var revenue = (decimal)(conversions * (15 + Unit(6) * 85));
        return InsightRow.For(entity, day, spend, impressions, clicks, conversions, revenue, reach, uniqueClicks);
    }

    private static readonly string[] Countries = ["ES", "MX", "TH", "US", "AR", "CO"];

    private static int Pick(string id, int salt, int count) =>
        (int)(BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{id}|{salt}"))) % (uint)count);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Host.Demo;
using Silo.Simulators;
using Silo.Simulators.MetaAds;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The campaigns drill-down, the insights overview and the storage page in headless Chromium
/// (tests/browser/insights.test.mjs) over real data: a live-mode node synced from the Meta Ads
/// simulator (through rate-limit refusals, enough of them to cross seed 004's hourly line), its ads'
/// creatives archived from the CDN simulator, and posts archived from it, one image shared by two posts. The script is given the
/// figures the simulator served (computed here from its own formula) and the archived files' sizes.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserInsightsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Token = "sim-token-browser";
    private const string Account = "act_6006";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Insights_InHeadlessChromium_DrillDownShowsTheSimulatorsFiguresAndStorageTheArchive()
    {
        var root = BrowserTests.RepositoryRoot();
        var ads = new MetaAdsSimulator(firstId: 160_000_000_000);
        ads.AddToken(Token);
        var entities = ads.AddAccount(Account, campaigns: 2, adSets: 2, ads: 2);
        var cdn = new MetaCdnSimulator();
        await using var simulators = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaAdsSimulator("/ads", ads);
            app.MapMetaCdnSimulator("/cdn", cdn);
        }, cancellationToken: Ct);
        var mediaRoot = Path.Combine(Path.GetTempPath(), $"silo-insights-{Guid.NewGuid():N}");
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["META_INSIGHTS_MODE"] = "live",
            ["META_ACCESS_TOKEN"] = Token,
            ["META_API_RATE_LIMIT_RETRY_DELAY"] = "0.01",
            ["META_API_MAX_RETRIES"] = "20",
            ["Silo:Insights:SyncEnabled"] = "false",
            ["Silo:Insights:GraphBaseUrl"] = simulators.Url("/ads/").ToString(),
            ["Silo:Insights:ReportPollInterval"] = "00:00:00.050",
            ["Silo:Insights:SyncNowWait"] = "00:01:00",
            ["Silo:Insights:AlertCheckInterval"] = "00:00:00.200",
            ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{simulators.Address.Port}",
            ["Silo:Media:AllowLoopbackForTesting"] = "true",
            ["Silo:Media:Storage:Root"] = mediaRoot,
        });
        try
        {
            // Every ad shows one creative image (stored once) with its thumbnail: the ad's page draws them from the archive.
            cdn.AddFile("creative.png", DemoImages.Gradient(160, 90, seed: 23), "image/png");
            cdn.AddFile("creative-thumb.png", DemoImages.Gradient(64, 36, seed: 24), "image/png");
            var adIds = entities.Where(e => e.Level == "ad").Select(e => e.Id).ToArray();
            foreach (var ad in adIds)
                ads.SetCreative(ad, new MetaAdsCreative(ads.NewId(), $"Creative of {ad}", "Autumn sale", "Everything must go.", cdn.SignedUrl("creative.png"),
                    cdn.SignedUrl("creative-thumb.png"), null));
            using var admin = node.AdminClient();
            (await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = Account, tenant = "tenant-a" }, Ct)).EnsureSuccessStatusCode();
            await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from ad_entities where account_id = @a", ("a", Account)) == entities.Count, "discovery stored every entity");
            await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from ad_creatives where ad_id = any(@ids) and status = 'archived'", ("ids", adIds)) == adIds.Length, "every ad's creative is archived");
            // Eleven refusals on the way: more than seed 004's ten an hour.
            ads.SetFaults(new MetaAdsFaults { RateLimitNext = 11, RateLimitAccountId = Account });
            var sync = await admin.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 14, force = true }, Ct);
            Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
            Assert.True((await sync.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("success").GetBoolean());
            Assert.Equal(11L, await database.ScalarAsync<long>("select count(*) from insights_rate_limit_hits where account_id = @a", ("a", Account)));

            var shared = DemoImages.Gradient(80, 60, seed: 21);
            var single = DemoImages.Gradient(48, 32, seed: 22);
            cdn.AddFile("shared.png", shared, "image/png");
            cdn.AddFile("single.png", single, "image/png");
            await CreatePostAsync(admin, "st-1", cdn.SignedUrl("shared.png"));
            await CreatePostAsync(admin, "st-2", cdn.SignedUrl("shared.png"));
            await CreatePostAsync(admin, "st-3", cdn.SignedUrl("single.png"));
            foreach (var post in new[] { "manual:st-1", "manual:st-2", "manual:st-3" })
                await Eventually.UntilAsync(async () => await database.ScalarAsync<string>("select status from posts where post_id = @p", ("p", post)) == "success",
                    $"{post} is archived", TimeSpan.FromSeconds(60));

            var expected = Path.Combine(mediaRoot, "expected.json");
            Directory.CreateDirectory(mediaRoot);
            await File.WriteAllTextAsync(expected, JsonSerializer.Serialize(new
            {
                entities = entities.ToDictionary(e => e.Id, e => new { level = e.Level, name = e.Name, campaign = e.CampaignId, adset = e.AdSetId,
                    spend = Spend(e.Id, 0), previous = Spend(e.Id, 7) }),
                creativeTitle = "Autumn sale",
                storedBytes = shared.Length + single.Length,
                savedBytes = shared.Length,
            }), Ct);
            var manager = await Keys.CreateAsync(node, Permissions.Manager);
            var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);
            var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "insights.test.mjs"),
                node.Address.ToString(), manager, reader, expected, Path.Combine(root, "artifacts", "dashboard-screenshots", "insights")], root, expectModules: false);
            TestContext.Current.TestOutputHelper?.WriteLine(output);
            Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
        }
        finally
        {
            if (Directory.Exists(mediaRoot)) Directory.Delete(mediaRoot, recursive: true);
        }
    }

    /// <summary>What the simulator serves for an entity over the 7 days ending <paramref name="daysBefore"/> days before today (UTC).</summary>
    private static decimal Spend(string id, int daysBefore)
    {
        var end = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-daysBefore);
        return Enumerable.Range(0, 7).Sum(i => MetaAdsSimulator.Figures(id, end.AddDays(-i)).Spend);
    }

    private static async Task CreatePostAsync(HttpClient client, string id, string url)
    {
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "manual", tenant = "tenant-a", message = $"Storage {id}", media = new[] { new { url, kind = "image" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Silo.Host.Demo;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;
using Silo.Testing;

namespace Silo.Gateway.Tests.Hosting;

/// <summary>
/// The README's first command under test: <c>silo run --role all --demo</c> as <c>deploy/run-local.sh</c> starts it, as its own
/// OS process on free loopback ports and a fresh database. It becomes ready, archives a signed webhook's image and serves it,
/// completes a demo Story batch, answers the insights overview, archives its stub ads' creatives, serves the dashboard to a
/// signed-in browser with the demo podcast's transcript for its post's page (text and captions), logs Silo's own
/// lines rather than every outgoing HTTP request, and exits 0 soon after SIGTERM.
/// </summary>
public sealed partial class DemoProcessTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SiloRunDemo_AsRunLocalStartsIt_ServesTheDemoAndExitsCleanlyOnSigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        var cdn = new MetaCdnSimulator();
        await using var outside = await SimulatorServer.StartAsync(app => app.MapMetaCdnSimulator("/cdn", cdn), cancellationToken: ct);
        var image = DemoImages.Gradient(64, 48, seed: 2323);
        cdn.AddFile("demo-test.png", image, "image/png");
        await using var mediaRoot = new TempFolder("silo-demo-test");
        var (httpPort, h2cPort) = (FreePort.Next(), FreePort.Next());
        var address = new Uri($"http://127.0.0.1:{httpPort}");

        await using var node = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"),
            "run", "--role", "all", "--demo", "--demo-port", "0",
            $"--ConnectionStrings:Silo={database.ConnectionString}", $"--Urls={address}",
            $"--Silo:Gateway:Grpc:H2cUrl=http://127.0.0.1:{h2cPort}",
            $"--Silo:Cluster:SiloPort={FreePort.Next()}", $"--Silo:Cluster:GatewayPort={FreePort.Next()}",
            $"--Silo:Media:Storage:Root={mediaRoot.Path}",
            // The demo's own simulators are allowed by the demo's settings; this test's CDN is a second host.
            $"--Silo:Media:AllowedHosts:1=127.0.0.1:{outside.Address.Port}");
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoEnvironment.AdminKey);
        await Eventually.UntilAsync(async () =>
        {
            if (node.HasExited) throw new InvalidOperationException($"silo exited during start-up:\n{node.Output}");
            try { return (await http.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, "the demo node is ready", ReadyWithin);

        await AssertWebhookImageArchivedAndServedAsync(http, cdn, image, ct);
        await AssertDemoStoryBatchCompletedAsync(http, ct);
        await AssertInsightsOverviewAnsweredAsync(http, ct);
        await AssertAdCreativeArchivedAsync(http, ct);
        await AssertDashboardServedToSignedInBrowserAsync(address, ct);

        node.Terminate();
        int exitCode;
        try { exitCode = await node.WaitForExitAsync(ExitWithin); }
        catch (OperationCanceledException)
        {
            // What the node was doing when it did not stop says more than the timeout does.
            Assert.Fail($"silo did not exit within {ExitWithin.TotalSeconds} s of SIGTERM:\n{node.Output}");
            throw;
        }

        Assert.True(exitCode == 0, $"silo exited {exitCode} after SIGTERM:\n{node.Output}");
        var output = node.Output;
        // Log entries' headers ("info: Category[id]"): a stack trace in a warning may name HttpClient's frames, which is fine.
        var categories = LogCategory().Matches(output).Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(categories, c => c.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains("Silo.Host.Demo.DemoWorkload", categories);
        Assert.Contains("Demo Story batch ", output);
        // The workload stops when the application starts stopping, not after the web server it posts to has gone.
        Assert.DoesNotContain("Demo post could not be sent", output);
        Assert.DoesNotContain("Demo Story batch could not be published", output);
    }

    private static async Task AssertWebhookImageArchivedAndServedAsync(HttpClient http, MetaCdnSimulator cdn, byte[] image, CancellationToken ct)
    {
        const string postId = $"{DemoEnvironment.PageId}_2300001";
        var body = MetaWebhookPayloads.PageFeed(DemoEnvironment.PageId,
            new MetaWebhookPayloads.FeedValue("photo", postId, "Demo test post", Link: cdn.SignedUrl("demo-test.png")));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", MetaWebhookPayloads.Sign(body, DemoEnvironment.AppSecret));

        using var delivered = await http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        JsonElement post = default;
        await Eventually.UntilAsync(async () =>
        {
            post = await http.GetFromJsonAsync<JsonElement>($"/api/posts/fb:{postId}", ct);
            return post.GetProperty("status").GetString() == "success";
        }, $"post fb:{postId} is archived");
        var publicUrl = post.GetProperty("media")[0].GetProperty("publicUrl").GetString()!;
        Assert.StartsWith("/media/", publicUrl);
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        Assert.Equal(image, await anonymous.GetByteArrayAsync(publicUrl, ct));
    }

    private static async Task AssertDemoStoryBatchCompletedAsync(HttpClient http, CancellationToken ct)
    {
        // The demo publishes its first batch as soon as the node has started (then one a minute).
        BatchPage? completed = null;
        await Eventually.UntilAsync(async () =>
        {
            completed = await http.GetFromJsonAsync<BatchPage>("/api/metricool/batches?status=completed", ct);
            return completed!.Items.Count > 0;
        }, "a demo Story batch is completed", TimeSpan.FromSeconds(60));
        var batch = completed!.Items[0];
        Assert.Equal(("demo", "completed"), (batch.UserId, batch.Status));
        Assert.InRange(batch.TotalClips, 2, 4);
        Assert.Equal(batch.TotalClips, batch.PublishedClips);
    }

    private static async Task AssertInsightsOverviewAnsweredAsync(HttpClient http, CancellationToken ct)
    {
        // The demo's stub ad account is connected at start-up and its campaigns refreshed by their grains.
        await Eventually.UntilAsync(async () =>
        {
            using var response = await http.GetAsync("/meta/insights/overview?days=7", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var overview = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return overview.GetProperty("total_campaigns").GetInt32() > 0;
        }, "the insights overview shows the demo account's campaigns", TimeSpan.FromSeconds(60));
    }

    private static async Task AssertAdCreativeArchivedAsync(HttpClient http, CancellationToken ct)
    {
        // The stub account's ads show the demo CDN's creatives: ad 1.1.1 an image, ad 1.1.2 a video, both with a thumbnail.
        const string imageAd = "100100010101", videoAd = "100100010102";
        JsonElement image = default, video = default;
        await Eventually.UntilAsync(async () =>
        {
            image = (await http.GetFromJsonAsync<JsonElement>($"/meta/insights/ad/{imageAd}", ct)).GetProperty("creative");
            video = (await http.GetFromJsonAsync<JsonElement>($"/meta/insights/ad/{videoAd}", ct)).GetProperty("creative");
            return image.ValueKind == JsonValueKind.Object && image.GetProperty("status").GetString() == "archived"
                && video.ValueKind == JsonValueKind.Object && video.GetProperty("status").GetString() == "archived";
        }, "the demo ads' creatives are archived", TimeSpan.FromSeconds(60));
        Assert.Equal(DemoImages.Gradient(480, 270, seed: 4242), await http.GetByteArrayAsync(image.GetProperty("image").GetProperty("url").GetString(), ct));
        Assert.Equal("video/mp4", video.GetProperty("video").GetProperty("mime_type").GetString());
        Assert.Equal("image/png", video.GetProperty("thumbnail").GetProperty("mime_type").GetString());
    }

    private static async Task AssertDashboardServedToSignedInBrowserAsync(Uri address, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        browser.DefaultRequestHeaders.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("text/html"));

        using var before = await browser.GetAsync("/dashboard", ct);
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.StartsWith("/signin", before.Headers.Location!.OriginalString);

        using var signIn = await browser.PostAsync("/signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = DemoEnvironment.AdminKey, ["returnUrl"] = "/dashboard" }), ct);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Single(cookies.GetCookies(address).Cast<Cookie>(), c => c.Name == "silo_session");

        using var page = await browser.GetAsync("/dashboard", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Silo dashboard</title>", await page.Content.ReadAsStringAsync(ct));

        // The demo podcast's page (#post/patreon:900001) shows its transcript, and its player loads the captions through the
        // signed-in session, as the page's <track> does (tests/browser/library.test.mjs drives that page in Chromium).
        JsonElement transcript = default;
        await Eventually.UntilAsync(async () =>
        {
            var post = await browser.GetFromJsonAsync<JsonElement>("/api/posts/patreon:900001", ct);
            transcript = post.GetProperty("transcripts").EnumerateArray().FirstOrDefault();
            return transcript.ValueKind == JsonValueKind.Object && transcript.GetProperty("status").GetString() == "done";
        }, "the demo podcast's transcript is done", TimeSpan.FromSeconds(60));
        const string said = "Bienvenidos al podcast de demostración de Silo: hoy hablamos de archivar vídeos y audios.";
        Assert.Equal(said, transcript.GetProperty("text").GetString());
        using var captions = await browser.GetAsync($"/api/posts/patreon:900001/transcripts/{Uri.EscapeDataString(transcript.GetProperty("slot").GetString()!)}/vtt", ct);
        Assert.Equal((HttpStatusCode.OK, "text/vtt"), (captions.StatusCode, captions.Content.Headers.ContentType?.MediaType));
        var vtt = await captions.Content.ReadAsStringAsync(ct);
        Assert.True(vtt.StartsWith("WEBVTT\n", StringComparison.Ordinal) && vtt.Contains(said, StringComparison.Ordinal), vtt);
        var library = await browser.GetStringAsync("/dashboard/assets/library.js", ct);
        Assert.Contains("/transcripts/${encodeURIComponent(slot)}/vtt", library);
    }

    [GeneratedRegex(@"^(?:trce|dbug|info|warn|fail|crit): ([^\[\s]+)\[", RegexOptions.Multiline)]
    private static partial Regex LogCategory();

    private sealed record BatchPage(IReadOnlyList<BatchView> Items);

    private sealed record BatchView(string BatchId, string UserId, string Status, int TotalClips, int PublishedClips);
}

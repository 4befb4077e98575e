using System.Net;
using System.Net.Http.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Gateway.Auth;
using Silo.Host.Demo;
using Silo.Media.Tests.Support;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.Transcription;
using Silo.Testing;

namespace Silo.Dashboard.Tests;

/// <summary>
/// The media library, a post's page and the failures view in headless Chromium
/// (tests/browser/library.test.mjs), over posts the real media module archived from the CDN
/// simulator: real images shown, filters that change the grid, a search finding a post by a word only in its transcript, a
/// post's page showing the transcript as text and as captions its audio player loads, the storage page counting transcript
/// files, a manager's Retry archiving a failed post, and an analytics:read key seeing no manager button and refused when it
/// calls one anyway.
/// </summary>
[Collection(nameof(BrowserTests))]
public sealed class BrowserLibraryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Library_InHeadlessChromium_ShowsArchivedImagesFiltersAndRetries()
    {
        var root = BrowserTests.RepositoryRoot();
        var cdn = new MetaCdnSimulator();
        var transcription = new TranscriptionSimulator();
        transcription.Script.Enqueue("Welcome back. Today the flamingo stands on one leg for the whole episode.");
        await using var simulators = await SimulatorServer.StartAsync(app =>
        {
            app.MapMetaCdnSimulator("/cdn", cdn);
            app.MapTranscriptionSimulator("/openai", transcription);
        }, cancellationToken: Ct);
        var mediaRoot = Path.Combine(Path.GetTempPath(), $"silo-library-{Guid.NewGuid():N}");
        await using var node = await DashboardNode.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{simulators.Address.Port}",
            ["Silo:Media:AllowLoopbackForTesting"] = "true",
            ["Silo:Media:Storage:Root"] = mediaRoot,
            ["Silo:Transcription:Enabled"] = "true",
            ["Silo:Transcription:BaseUrl"] = simulators.Url("openai/v1").ToString(),
            ["Silo:Transcription:Language"] = "en",
        });
        try
        {
            using var admin = node.AdminClient();
            // The oldest post: an episode whose transcript holds a word its message does not.
            cdn.AddFile("episode.m4a", await RealMedia.BytesAsync("m4a"), "audio/mp4");
            await CreateAsync(admin, "lib-pod", "Sunday podcast", (cdn.SignedUrl("episode.m4a"), "audio"));
            await UntilStatusAsync("manual:lib-pod", "success");
            await Eventually.UntilAsync(async () => await database.ScalarAsync<string>(
                "select t.status from transcripts t join post_media m on m.sha256 = t.sha256 where m.post_id = 'manual:lib-pod'") == "done",
                "the episode is transcribed", TimeSpan.FromSeconds(60));
            cdn.AddFile("zebra.png", DemoImages.Gradient(64, 48, seed: 7), "image/png");
            cdn.AddFile("night.mp4", CdnFile.FromBytes(await RealMedia.BytesAsync("long.mp4"), "video/mp4"));
            await CreateAsync(admin, "lib-img", "Zebra crossing at dawn", (cdn.SignedUrl("zebra.png"), "image"));
            await CreateAsync(admin, "lib-vid", "Night drive", (cdn.SignedUrl("night.mp4"), "video"));
            await CreateAsync(admin, "lib-late", "Late upload", (cdn.SignedUrl("late.png"), "image")); // 404: fails for good
            await CreateAsync(admin, "lib-bait", "Metadata bait", ("http://169.254.169.254/latest/meta-data/", "image")); // refused by the guard
            await UntilStatusAsync("manual:lib-img", "success");
            await UntilStatusAsync("manual:lib-vid", "success");
            await UntilStatusAsync("manual:lib-late", "error");
            await UntilStatusAsync("manual:lib-bait", "error");
            // The file turns up at the CDN: a manager's Retry can archive it now.
            cdn.AddFile("late.png", DemoImages.Gradient(40, 30, seed: 9), "image/png");

            var manager = await Keys.CreateAsync(node, Permissions.Manager);
            var reader = await Keys.CreateAsync(node, Permissions.AnalyticsRead);
            var (exitCode, output) = await BrowserTests.RunAsync("node", [Path.Combine(root, "tests", "browser", "library.test.mjs"),
                node.Address.ToString(), manager, reader, Path.Combine(root, "artifacts", "dashboard-screenshots", "library")], root, expectModules: false);
            TestContext.Current.TestOutputHelper?.WriteLine(output);
            Assert.True(exitCode == 0, $"The browser checks failed (exit {exitCode}):\n{output}");
            Assert.Equal("success", await database.ScalarAsync<string>("select status from posts where post_id = 'manual:lib-late'"));
            Assert.Equal("error", await database.ScalarAsync<string>("select status from posts where post_id = 'manual:lib-bait'"));
        }
        finally
        {
            if (Directory.Exists(mediaRoot)) Directory.Delete(mediaRoot, recursive: true);
        }
    }

    private static async Task CreateAsync(HttpClient client, string id, string message, (string Url, string Kind) media)
    {
        // Keys.CreateAsync makes tenant-a keys: the posts are that tenant's, so the signed-in pages see them.
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "manual", tenant = "tenant-a", message, media = new[] { new { url = media.Url, kind = media.Kind } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private Task UntilStatusAsync(string postId, string status) =>
        Eventually.UntilAsync(async () => await database.ScalarAsync<string>("select status from posts where post_id = @p", ("p", postId)) == status,
            $"{postId} is {status}", TimeSpan.FromSeconds(60));
}

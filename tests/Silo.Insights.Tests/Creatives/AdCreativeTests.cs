using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Simulators.MetaAds;
using Silo.Simulators.MetaCdn;
using Silo.Testing;

namespace Silo.Insights.Tests.Creatives;

/// <summary>
/// Ad creatives end to end in live mode: discovery lists each ad's creative id, the ad's grain reads the creative through
/// the Marketing API simulator and archives its image, video and thumbnail from the CDN simulator through the media
/// archiver, the ad's answer carries them as <c>/media</c> links, and the files are the ad's tenant's only.
/// </summary>
public sealed class AdCreativeTests(CreativeWorld world) : IClassFixture<CreativeWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestDatabase Database => world.Database;

    [Fact]
    public async Task Discovery_AdsWithCreatives_ImageVideoAndThumbnailArchivedOncePerContentAndServedToTheTenantOnly()
    {
        var (cdn, ads) = (world.Cdn, world.Ads);
        cdn.AddFile("shared.png", SampleMedia.Image("shared.png", 4_000));
        var thumbnail = SampleMedia.Image("thumb-a.png", 1_200);
        cdn.AddFile("thumb-a.png", thumbnail);
        cdn.AddFile("clip-b.mp4", SampleMedia.Video("clip-b.mp4", 20_000));
        cdn.AddFile("thumb-b.png", SampleMedia.Image("thumb-b.png", 1_300));
        var entities = ads.AddAccount("act_7101", campaigns: 1, adSets: 1, ads: 2);
        var (imageAd, videoAd) = (entities[2].Id, entities[3].Id);
        ads.SetCreative(imageAd, new MetaAdsCreative(ads.NewId(), "Spring image", "Spring sale", "Up to 40% off.", cdn.SignedUrl("shared.png"),
            cdn.SignedUrl("thumb-a.png"), null));
        var video = new MetaAdsVideo(ads.NewId(), "act_7101", cdn.SignedUrl("clip-b.mp4"), cdn.SignedUrl("thumb-b.png"));
        ads.AddVideo(video);
        ads.SetCreative(videoAd, new MetaAdsCreative(ads.NewId(), "Spring video", "Watch it", "Thirty seconds of spring.", null, null, video.Id));

        // A post already holds the image's bytes: the creative points at that stored file.
        using var acme = await world.Node.ClientAsync("acme", "manager");
        var post = await acme.PostAsJsonAsync("/api/posts", new
        {
            postId = "creative-twin", source = "manual", tenant = "acme", message = "The same picture", media = new[] { new { url = cdn.SignedUrl("shared.png"), kind = "image" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        await Eventually.UntilAsync(async () => await Database.ScalarAsync<string>("select status from posts where post_id = 'manual:creative-twin'") == "success",
            "the post's image is archived");

        await world.Node.ConnectAsync(Database, "act_7101", "acme", entities.Count);
        await ArchivedAsync(imageAd, videoAd);

        var image = (await AdAsync(acme, imageAd)).GetProperty("creative");
        Assert.Equal(("archived", "Spring sale", "Up to 40% off."), (image.GetProperty("status").GetString(), image.GetProperty("title").GetString(),
            image.GetProperty("body").GetString()));
        Assert.Equal(cdn.SignedUrl("shared.png").Split('?')[0], image.GetProperty("image").GetProperty("original_url").GetString()!.Split('?')[0]);
        Assert.Equal("Spring sale", image.GetProperty("object_story_spec").GetProperty("link_data").GetProperty("name").GetString());
        var postSha = await Database.ScalarAsync<string>("select sha256 from post_media where post_id = 'manual:creative-twin'");
        Assert.Equal(postSha, image.GetProperty("image").GetProperty("sha256").GetString());
        // Stored once: one media_files row, held by the post and the ad.
        Assert.Equal(1L, await Database.ScalarAsync<long>("select count(*) from media_files where sha256 = @s", ("s", postSha)));
        Assert.Equal(2, await Database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", postSha)));
        Assert.Equal(await Database.ScalarAsync<string>("select storage_key from post_media where post_id = 'manual:creative-twin'"),
            await Database.ScalarAsync<string>("select storage_key from ad_creative_files where ad_id = @a and role = 'image'", ("a", imageAd)));

        var clip = (await AdAsync(acme, videoAd)).GetProperty("creative");
        Assert.Equal(video.Id, clip.GetProperty("video_id").GetString());
        Assert.Equal("video/mp4", clip.GetProperty("video").GetProperty("mime_type").GetString());
        Assert.Equal(1.0, clip.GetProperty("video").GetProperty("duration_seconds").GetDouble(), 1);
        Assert.Equal("image/png", clip.GetProperty("thumbnail").GetProperty("mime_type").GetString());
        Assert.Equal(JsonValueKind.Null, clip.GetProperty("image").ValueKind);

        // The thumbnail only the creative holds: the ad's tenant reads it, with its key or the answer's signed link; nobody else does.
        var signed = image.GetProperty("thumbnail").GetProperty("url").GetString()!;
        Assert.StartsWith("/media/", signed);
        Assert.Contains("?token=", signed);
        var link = signed.Split('?')[0];
        Assert.Equal(Enumerable.Range(0, (int)thumbnail.Length).Select(i => thumbnail.ByteAt(i)).ToArray(), await acme.GetByteArrayAsync(link, Ct));
        using var anonymous = new HttpClient { BaseAddress = world.Node.Address };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(signed, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(link, Ct)).StatusCode);
        using var globex = await world.Node.ClientAsync("globex", "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync(link, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"/meta/insights/ad/{imageAd}", Ct)).StatusCode);

        // Discovered again with the same creatives, and refreshed: nothing is read or downloaded again.
        var downloads = new[] { "shared.png", "thumb-a.png", "clip-b.mp4", "thumb-b.png" }.Select(cdn.RequestCount).ToArray();
        Assert.Equal([2, 1, 1, 1], downloads);
        await RediscoverAsync("act_7101");
        var sync = await acme.PostAsJsonAsync("/meta/insights/sync-now", new { days_back = 2, force = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal(downloads, new[] { "shared.png", "thumb-a.png", "clip-b.mp4", "thumb-b.png" }.Select(cdn.RequestCount).ToArray());
        Assert.Equal(1, await Database.ScalarAsync<int>("select attempts from ad_creatives where ad_id = @a", ("a", imageAd)));

        // A new creative on the ad: read and archived; the post's image is the post's alone again.
        cdn.AddFile("summer.png", SampleMedia.Image("summer.png", 3_000));
        var summer = new MetaAdsCreative(ads.NewId(), "Summer image", "Summer sale", "Sun's out.", cdn.SignedUrl("summer.png"), null, null);
        ads.SetCreative(imageAd, summer);
        await RediscoverAsync("act_7101");
        await Eventually.UntilAsync(async () => await Database.ScalarAsync<string>(
            "select creative_id || ' ' || status from ad_creatives where ad_id = @a", ("a", imageAd)) == $"{summer.Id} archived", "the new creative is archived");
        Assert.Equal(1, await Database.ScalarAsync<int>("select reference_count from media_files where sha256 = @s", ("s", postSha)));
        Assert.Equal("Summer sale", (await AdAsync(acme, imageAd)).GetProperty("creative").GetProperty("title").GetString());
        Assert.Equal(downloads[2..], new[] { "clip-b.mp4", "thumb-b.png" }.Select(cdn.RequestCount).ToArray());
    }

    [Fact]
    public async Task Archive_CdnFailsFirst_CreativeFailedVisiblyThenRetriedAndArchived()
    {
        var (cdn, ads) = (world.Cdn, world.Ads);
        cdn.AddFile("flaky.png", SampleMedia.Image("flaky.png", 2_000));
        var entities = ads.AddAccount("act_7102", campaigns: 1, adSets: 1, ads: 1);
        var ad = entities[2].Id;
        ads.SetCreative(ad, new MetaAdsCreative(ads.NewId(), "Flaky", "Flaky", "Served on the second try.", cdn.SignedUrl("flaky.png"), null, null));
        cdn.Faults.CopyFrom(new MetaCdnFaults { FailCount = 1, FailStatus = 503 });
        using var acme = await world.Node.ClientAsync("acme", "analytics:read");

        await world.Node.ConnectAsync(Database, "act_7102", "acme", entities.Count);

        JsonElement creative = default;
        await Eventually.UntilAsync(async () =>
        {
            creative = (await AdAsync(acme, ad)).GetProperty("creative");
            // Null until the ad's grain has stored the creative discovery told it of.
            return creative.ValueKind == JsonValueKind.Object && creative.GetProperty("status").GetString() == "failed";
        }, "the first attempt's failure shows as the creative's status");
        Assert.Contains("503", creative.GetProperty("error").GetString());
        Assert.Equal(1, creative.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.String, creative.GetProperty("next_attempt_at").ValueKind);
        await ArchivedAsync(ad);
        creative = (await AdAsync(acme, ad)).GetProperty("creative");
        Assert.Equal((2, JsonValueKind.Null), (creative.GetProperty("attempts").GetInt32(), creative.GetProperty("error").ValueKind));
        Assert.Equal(2, cdn.RequestCount("flaky.png"));
        // The insights refresh never waited on it: the ad's own refresh state carries no error.
        Assert.Equal(0L, await Database.ScalarAsync<long>("select count(*) from ad_entities where entity_id = @a and last_error is not null", ("a", ad)));
    }

    private async Task ArchivedAsync(params string[] adIds) =>
        await Eventually.UntilAsync(async () => await Database.ScalarAsync<long>(
            "select count(*) from ad_creatives where ad_id = any(@ids) and status = 'archived'", ("ids", adIds)) == adIds.Length,
            $"the creatives of {string.Join(", ", adIds)} are archived");

    private static async Task<JsonElement> AdAsync(HttpClient client, string adId)
    {
        using var response = await client.GetAsync($"/meta/insights/ad/{adId}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>Connects the account again (a re-connect rediscovers) and waits for the discovery to be stored.</summary>
    private async Task RediscoverAsync(string accountId)
    {
        var before = await Database.ScalarAsync<DateTime>("select discovered_at from ad_accounts where account_id = @a", ("a", accountId));
        using var admin = world.Node.AdminClient();
        (await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = accountId, tenant = "acme" }, Ct)).EnsureSuccessStatusCode();
        await Eventually.UntilAsync(async () => await Database.ScalarAsync<DateTime>(
            "select discovered_at from ad_accounts where account_id = @a", ("a", accountId)) > before, $"{accountId} is discovered again");
    }
}

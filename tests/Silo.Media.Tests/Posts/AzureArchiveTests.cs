using System.Net;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>A node archiving into Azure Blob (azurite on loopback), seed names, private container: links go through the gateway's signed redirect.</summary>
public sealed class AzureArchiveTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_AzureSasBackend_StoredUnderSeedNameAndServedThroughASignedRedirect()
    {
        await using var azurite = await ToolServer.StartAzuriteAsync();
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:Storage:Backend"] = "azure",
            ["Silo:Media:Storage:KeyLayout"] = "seed",
            ["Silo:Media:Storage:Azure:AccountUrl"] = $"http://127.0.0.1:{azurite.Port}/{ToolServer.AzuriteAccount}",
            ["Silo:Media:Storage:Azure:UrlMode"] = "sas",
            ["AZURE_STORAGE_KEY"] = ToolServer.AzuriteKey, // the environment name Azure's own tools read
        });
        var png = TestMedia.Png(40, 30, 5000, seed: 701);
        world.Cdn.AddFile("p701.png", png, "image/png");

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_701", "Azure", world.Cdn.SignedUrl("p701.png"))));
        await world.UntilStatusAsync("fb:100200_701", "success");

        var item = (await world.GetPostAsync("fb:100200_701")).GetProperty("media")[0];
        Assert.Equal("acme/publicaciones_meta/100200_701.png", item.GetProperty("storageKey").GetString());
        Assert.Equal("/media/acme/publicaciones_meta/100200_701.png", item.GetProperty("publicUrl").GetString());
        Assert.Equal("azure", await database.ScalarAsync<string>("select backend from media_files where sha256 = @s", ("s", TestMedia.Sha256(png))));
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = world.Node.Address };
        var redirect = await noRedirects.GetAsync("/media/acme/publicaciones_meta/100200_701.png", Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var signed = redirect.Headers.Location!;
        Assert.StartsWith($"http://127.0.0.1:{azurite.Port}/{ToolServer.AzuriteAccount}/meta-webhooks/acme/publicaciones_meta/100200_701.png?", signed.ToString());
        using var anonymous = new HttpClient();
        Assert.Equal(png, await anonymous.GetByteArrayAsync(signed, Ct));
    }
}

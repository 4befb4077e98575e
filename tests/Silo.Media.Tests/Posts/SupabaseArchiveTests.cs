using Silo.Media.Tests.Support;
using Silo.Simulators;
using Silo.Simulators.SupabaseStorage;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>A node given only seed 000's storage settings (<c>SUPABASE_URL</c>, <c>SUPABASE_KEY</c>) archives into Supabase Storage
/// (the simulator on loopback): bucket <c>meta-webhooks</c> created public, seed names, links the bucket's own public URLs.</summary>
public sealed class SupabaseArchiveTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string ServiceKey = "test-supabase-service-key-41f0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_SeedSupabaseVariablesOnly_StoredInThePublicMetaWebhooksBucketUnderSeedName()
    {
        using var supabase = new SupabaseStorageSimulator(ServiceKey);
        await using var server = await SimulatorServer.StartAsync(app => app.MapSupabaseStorageSimulator("/supabase", supabase), cancellationToken: Ct);
        var project = $"{server.Address}supabase";
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["SUPABASE_URL"] = project,
            ["SUPABASE_KEY"] = ServiceKey,
            ["Silo:Media:Storage:KeyLayout"] = "seed",
        });
        var png = TestMedia.Png(40, 30, 5000, seed: 801);
        world.Cdn.AddFile("p801.png", png, "image/png");

        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_801", "Supabase", world.Cdn.SignedUrl("p801.png"))));
        await world.UntilStatusAsync("fb:100200_801", "success");

        Assert.True(supabase.Bucket("meta-webhooks")?.Public);
        var item = (await world.GetPostAsync("fb:100200_801")).GetProperty("media")[0];
        Assert.Equal("acme/publicaciones_meta/100200_801.png", item.GetProperty("storageKey").GetString());
        var url = $"{project}/storage/v1/object/public/meta-webhooks/acme/publicaciones_meta/100200_801.png";
        Assert.Equal(url, item.GetProperty("publicUrl").GetString());
        Assert.Equal("supabase", await database.ScalarAsync<string>("select backend from media_files where sha256 = @s", ("s", TestMedia.Sha256(png))));
        using var anonymous = new HttpClient();
        Assert.Equal(png, await anonymous.GetByteArrayAsync(url, Ct));
    }
}

using Npgsql;
using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>
/// The seeds' own queries, run as their jobs run them (search_path <c>seeds</c>), over posts a node archived:
/// the compatibility views answer them from Silo's tables and refuse writes.
/// </summary>
public sealed class SeedViewsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedQueries_AnArchivedAndARefusedPost_AnsweredFromSilosTables()
    {
        await using var world = await MediaWorld.StartAsync(database);
        var png = TestMedia.Png(8, 8, 2000, seed: 2201);
        world.Cdn.AddFile("s2201.png", png, "image/png");
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_2201", "Archived", world.Cdn.SignedUrl("s2201.png"))));
        // A host outside Silo:Media:AllowedHosts: refused for good before any connection, so the post stays not archived.
        await world.SendWebhookAsync(PageFeed("100200", new FeedValue("photo", "100200_2202", "Refused", "https://elsewhere.invalid/p.png")));
        await world.UntilStatusAsync("fb:100200_2201", "success");
        await world.UntilStatusAsync("fb:100200_2202", "error");
        await using var seeds = new NpgsqlConnection($"{database.ConnectionString};Search Path=seeds");
        await seeds.OpenAsync(Ct);

        // Seed 000, "No hay publicaciones pendientes": posts with an image not yet archived.
        Assert.Equal(1L, await ScalarAsync<long>(seeds, """
            SELECT COUNT(*) FROM meta_publicaciones_webhook
            WHERE imagen_url IS NOT NULL
            AND imagen_local IS NULL
            """));
        // Seed 000, step 1: what its job would still pick up.
        Assert.Equal("100200_2202", await ScalarAsync<string>(seeds, """
            select post_id from meta_publicaciones_webhook
             where imagen_url is not null and (imagen_local is null or video_local is null) and tipo_item in ('photo', 'video')
               and mensaje is not null and media_status != 'success' and media_attempts < 5
            """));
        // Seed 000's consumers read the stored link of an archived post.
        var local = await ScalarAsync<string>(seeds, "select imagen_local from meta_publicaciones_webhook where post_id = '100200_2201' and procesada and nombre_nora = 'acme'");
        Assert.StartsWith("/media/", local);
        // Seed 002: a post's stored full picture through its local_*_id.
        Assert.Equal($"{png.Length} image/png {local}", await ScalarAsync<string>(seeds, """
            select s.file_size || ' ' || s.mime_type || ' ' || s.public_url
              from facebook_posts p join media_storage s on s.id = p.local_full_picture_id
             where p.id = '100200_2201'
            """));
        // Read-only: Silo's grains stay the only writers.
        await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(seeds, "update meta_publicaciones_webhook set procesada = true"));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>The Media section over rows in the media module's own tables (sql/003_media.sql).</summary>
public sealed class MediaSectionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task GetMedia_PostsFilesAttemptsAndAlerts_CountsBytesErrorRateAndFailures()
    {
        await database.ExecuteAsync("""
            insert into posts (post_id, source, source_post_id, tenant, status, last_error, updated_at) values
              ('facebook:1', 'facebook', '1', 't', 'success', null, now()), ('facebook:2', 'facebook', '2', 't', 'success', null, now()),
              ('facebook:3', 'facebook', '3', 't', 'error', '{"message":"CDN answered 503","type":"http","attempt":5}', now()),
              ('facebook:4', 'facebook', '4', 't', 'pending', null, now()), ('facebook:5', 'facebook', '5', 't', 'downloading', null, now()),
              ('instagram:6', 'instagram', '6', 't', 'skipped', null, now());
            insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count) values
              ('h1', 'sha256/h1', 'filesystem', 1000, 'image/png', 3), ('h2', 'sha256/h2', 'filesystem', 500, 'image/jpeg', 1);
            -- 1 failure in 4 attempts inside the window; the old failures are outside it.
            insert into media_attempts (post_id, attempt, succeeded, error_type, attempted_at) values
              ('facebook:1', 1, true, null, now()), ('facebook:2', 1, true, null, now()), ('facebook:4', 1, true, null, now()),
              ('facebook:3', 5, false, 'http', now()),
              ('facebook:3', 1, false, 'http', now() - interval '2 hours'), ('facebook:3', 2, false, 'http', now() - interval '2 hours');
            insert into alerts (kind, message) values ('error_rate', '5 of 10 archive attempts failed');
            """);
        await using var node = await DashboardNode.StartAsync(database);

        var media = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/media", TestContext.Current.CancellationToken);

        var posts = media.GetProperty("posts");
        Assert.Equal([2, 2, 1, 1], new[] { "archived", "pending", "failed", "skipped" }.Select(s => posts.GetProperty(s).GetInt32()));
        Assert.Equal(0.25, media.GetProperty("error_rate").GetDouble());
        Assert.Equal(4, media.GetProperty("attempts_in_window").GetInt32());
        Assert.Equal(0.2, media.GetProperty("alert_error_rate").GetDouble());
        Assert.Equal(1500, media.GetProperty("storage").GetProperty("bytes_stored").GetDecimal());
        Assert.Equal(2000, media.GetProperty("storage").GetProperty("bytes_saved_by_dedup").GetDecimal());
        var failure = Assert.Single(media.GetProperty("recent_failures").EnumerateArray());
        Assert.Equal("facebook:3", failure.GetProperty("post_id").GetString());
        Assert.Contains("CDN answered 503", failure.GetProperty("error").GetString());
        var alert = Assert.Single(media.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("error_rate", false), (alert.GetProperty("kind").GetString(), alert.GetProperty("resolved").GetBoolean()));
    }
}

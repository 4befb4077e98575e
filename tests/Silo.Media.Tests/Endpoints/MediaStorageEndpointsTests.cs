using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Testing;

namespace Silo.Media.Tests.Endpoints;

/// <summary>
/// The storage view: stored bytes per backend and per tenant at the end of each day of the range
/// (files stored before it count from its first day), dedup savings and the largest files, with a
/// tenant's key seeing only the files its own posts reference. A finished transcript's text and WebVTT files count as
/// stored files of its store and of the tenants whose posts hold the transcribed file, on the day it finished.
/// </summary>
public sealed class MediaStorageEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TestNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        // Each test gets its own instance; the rows are written by the first and read by all.
        if (await database.ScalarAsync<long>("select count(*) from media_files where sha256 = 'h1'") == 0) await SeedAsync();
        _node = await TestNode.StartAsync(database.ConnectionString);
    }

    private async Task SeedAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        DateTime Day(int ago) => today.AddDays(-ago).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        // h1 is shared: acme's two posts and beta's one; h4 belongs to another tenant only.
        await database.ExecuteAsync("""
            insert into media_files (sha256, storage_key, backend, size, mime_type, created_at) values
              ('h1', 'sha256/h1', 'filesystem', 1000, 'image/png', @d5), ('h2', 'sha256/h2', 'filesystem', 300, 'image/jpeg', @d1),
              ('h3', 'sha256/h3', 's3', 5000, 'video/mp4', @d0), ('h4', 'sha256/h4', 'filesystem', 70, 'image/png', @d1);
            insert into posts (post_id, source, source_post_id, tenant, status) values
              ('manual:p1', 'manual', 'p1', 'acme', 'success'), ('manual:p2', 'manual', 'p2', 'acme', 'success'),
              ('manual:p3', 'manual', 'p3', 'beta', 'success'), ('manual:p4', 'manual', 'p4', 'other', 'success');
            insert into post_media (post_id, slot, role, kind, original_url, action, status, sha256, size, archived_at) values
              ('manual:p1', 'picture', 'primary', 'image', 'https://cdn.test/1', 'download', 'success', 'h1', 1000, @d5),
              ('manual:p1', 'attachment:1', 'attachment', 'image', 'https://cdn.test/2', 'download', 'success', 'h2', 300, @d1),
              ('manual:p2', 'picture', 'primary', 'image', 'https://cdn.test/1', 'download', 'success', 'h1', 1000, @d2),
              ('manual:p3', 'attachment:0:video', 'attachment', 'video', 'https://cdn.test/3', 'download', 'success', 'h3', 5000, @d0),
              ('manual:p3', 'picture', 'primary', 'image', 'https://cdn.test/1', 'download', 'success', 'h1', 1000, @d1),
              ('manual:p4', 'picture', 'primary', 'image', 'https://cdn.test/4', 'download', 'success', 'h4', 70, @d1);
            insert into transcripts (sha256, storage_key, mime_type, size, has_sound, status, requested_at, finished_at, version,
                                     text_key, vtt_key, backend, text_bytes, vtt_bytes)
            values ('h3', 'sha256/h3', 'video/mp4', 5000, true, 'done', @d0, @d0, 1, 'sha256/h3.transcript.txt', 'sha256/h3.transcript.vtt', 's3', 40, 90);
            """, ("d0", Day(0)), ("d1", Day(1)), ("d2", Day(2)), ("d5", Day(5)));
    }

    public ValueTask DisposeAsync() => Teardown.DisposeAllAsync(Interlocked.Exchange(ref _node, null!));

    private async Task<HttpClient> ClientAsync(string tenant) => _node.ClientWithKey((await _node.Services.GetRequiredService<ApiKeyStore>()
        .CreateAsync($"storage-{Guid.NewGuid():N}", tenant, [Permissions.AnalyticsRead], CancellationToken.None)).Secret);

    // "name: bytes/files per day, oldest first".
    private static string[] Series(JsonElement report, string property) => [.. report.GetProperty(property).EnumerateArray().Select(s =>
        $"{s.GetProperty("name").GetString()}: {string.Join(" ", s.GetProperty("days").EnumerateArray().Select(d => $"{d.GetProperty("bytes").GetInt64()}/{d.GetProperty("files").GetInt64()}"))}")];

    private static string[] Largest(JsonElement report) => [.. report.GetProperty("largest").EnumerateArray().Select(f =>
        $"{f.GetProperty("sha256").GetString()} {f.GetProperty("size").GetInt64()} {f.GetProperty("posts").GetInt32()} {f.GetProperty("postId").GetString()}")];

    [Fact]
    public async Task GetStorage_KeySeeingEveryTenant_EveryBackendAndTenantDayByDay()
    {
        var report = await _node.AdminClient().GetFromJsonAsync<JsonElement>("/api/media/storage?days=3", Ct);

        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2).ToString("yyyy-MM-dd"), report.GetProperty("from").GetString());
        Assert.Equal(["filesystem: 1000/1 1370/3 1370/3", "s3: 0/0 0/0 5130/3"], Series(report, "backends"));
        Assert.Equal(["acme: 1000/1 1300/2 1300/2", "beta: 0/0 1000/1 6130/4", "other: 0/0 70/1 70/1"], Series(report, "tenants"));
        Assert.Equal(["h3 5000 1 manual:p3", "h1 1000 3 manual:p1", "h2 300 1 manual:p1", "h4 70 1 manual:p4"], Largest(report));
        Assert.Equal(6500, report.GetProperty("totals").GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task GetStorage_FileWithATranscript_ItsTextAndWebVttCountedWithItsTenantAndStore()
    {
        using var beta = await ClientAsync("beta");

        var report = await beta.GetFromJsonAsync<JsonElement>("/api/media/storage?days=3", Ct);

        // beta's video (s3, today) and its transcript's two files (40 + 90 bytes, finished today, in the same store).
        Assert.Equal(["filesystem: 1000/1 1000/1 1000/1", "s3: 0/0 0/0 5130/3"], Series(report, "backends"));
        Assert.Equal(["beta: 0/0 1000/1 6130/4"], Series(report, "tenants"));
        var totals = report.GetProperty("totals");
        Assert.Equal((4, 6130, 2, 130), (totals.GetProperty("files").GetInt64(), totals.GetProperty("bytes").GetInt64(),
            totals.GetProperty("transcriptFiles").GetInt64(), totals.GetProperty("transcriptBytes").GetInt64()));
        // acme's posts hold no transcribed file: none of it is counted for acme.
        using var acme = await ClientAsync("acme");
        var theirs = (await acme.GetFromJsonAsync<JsonElement>("/api/media/stats", Ct));
        Assert.Equal((0, 0), (theirs.GetProperty("transcriptFiles").GetInt64(), theirs.GetProperty("transcriptBytes").GetInt64()));
    }

    [Fact]
    public async Task GetStorage_TenantKey_OnlyItsOwnFilesAndItsDedupSavings()
    {
        using var client = await ClientAsync("acme");

        var report = await client.GetFromJsonAsync<JsonElement>("/api/media/storage?days=3", Ct);

        Assert.Equal(["filesystem: 1000/1 1300/2 1300/2"], Series(report, "backends"));
        Assert.Equal(["acme: 1000/1 1300/2 1300/2"], Series(report, "tenants"));
        Assert.Equal(["h1 1000 2 manual:p1", "h2 300 1 manual:p1"], Largest(report));
        var totals = report.GetProperty("totals");
        Assert.Equal((2, 1300, 1000), (totals.GetProperty("files").GetInt64(), totals.GetProperty("bytes").GetInt64(), totals.GetProperty("bytesSavedByDedup").GetInt64()));
    }

    [Fact]
    public async Task GetStorage_DaysOutOfRange_ProblemNamingDays()
    {
        using var client = await ClientAsync("acme");

        var response = await client.GetAsync("/api/media/storage?days=0", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("must be between 1 and 366.", problem.GetProperty("errors").GetProperty("days")[0].GetString());
    }
}

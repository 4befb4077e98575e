using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Silo.Media.BlobStores;
using Silo.Media.Export;
using Silo.Testing;

namespace Silo.Media.Tests.Export;

/// <summary>
/// An export's archive kept for <see cref="ExportOptions.KeepFor"/> after it ended, on a real node writing into each real store
/// (a folder, s3rver, azurite): its parts are still there a minute before, gone a minute after (the sweep, run with a clock
/// set there), and the export stays listed as expired, its download answering 410; a manager deletes a finished export early,
/// and a running one stops and leaves no part behind.
/// </summary>
public sealed class ExportExpiryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(2);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Expiry_KeepForPassed_PartsDeletedFromTheStoreAndDownloadGone(string backend)
    {
        await using var tool = await StartStoreAsync(backend);
        await using var root = new TempFolder("silo-export-expiry");
        var tenant = $"keep-{backend}";
        await SeedAsync(tenant, posts: 5);
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: Settings(backend, tool, root.Path));
        using var admin = node.AdminClient();
        var (id, location) = await StartAsync(admin, tenant);
        var done = await UntilStatusAsync(admin, location, "done");
        Assert.Equal(3, done.GetProperty("segments").GetInt32());
        var finished = done.GetProperty("finishedAt").GetDateTimeOffset();
        Assert.Equal(finished + KeepFor, done.GetProperty("expiresAt").GetDateTimeOffset());
        var store = node.Services.GetRequiredService<IBlobStore>();
        Assert.Equal(7, await PartsAsync(store, id));

        // A minute before the keeping time ends: nothing goes, the archive downloads.
        Assert.Equal(0, await ExpireAtAsync(node, finished + KeepFor - TimeSpan.FromMinutes(1)));
        Assert.Equal(7, await PartsAsync(store, id));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{location}/archive", HttpCompletionOption.ResponseHeadersRead, Ct)).StatusCode);

        // A minute after: every part goes; the export is listed as expired, its download gone.
        Assert.Equal(1, await ExpireAtAsync(node, finished + KeepFor + TimeSpan.FromMinutes(1)));
        Assert.Equal(0, await PartsAsync(store, id));
        var expired = await admin.GetFromJsonAsync<JsonElement>(location, Ct);
        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("archiveUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, expired.GetProperty("expiresAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, expired.GetProperty("expiredAt").ValueKind);
        var listed = await admin.GetFromJsonAsync<JsonElement[]>($"/api/media/exports?tenant={tenant}", Ct);
        Assert.Equal("expired", Assert.Single(listed!).GetProperty("status").GetString());
        await AssertGoneAsync(admin, location);

        // Nothing is due any more.
        Assert.Equal(0, await ExpireAtAsync(node, finished + KeepFor * 3));
    }

    [Fact]
    public async Task Delete_FinishedExport_PartsGoAtOnceAndAnotherTenantCannot()
    {
        await using var root = new TempFolder("silo-export-expiry");
        await SeedAsync("early", posts: 3);
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: Settings("filesystem", null, root.Path));
        using var admin = node.AdminClient();
        var (id, location) = await StartAsync(admin, "early");
        await UntilStatusAsync(admin, location, "done");
        var store = node.Services.GetRequiredService<IBlobStore>();
        Assert.Equal(5, await PartsAsync(store, id));

        using var other = node.ClientWithKey((await node.Services.GetRequiredService<Silo.Gateway.Auth.ApiKeyStore>().CreateAsync(
            $"other-{Guid.NewGuid():N}", "early-other", [Silo.Gateway.Auth.Permissions.Manager], Ct)).Secret);
        var refused = await other.DeleteAsync(location, Ct);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(5, await PartsAsync(store, id));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(0, await PartsAsync(store, id));
        Assert.Equal("expired", (await admin.GetFromJsonAsync<JsonElement>(location, Ct)).GetProperty("status").GetString());
        await AssertGoneAsync(admin, location);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(location, Ct)).StatusCode); // already gone: the same answer
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/media/exports/not-an-id", Ct)).StatusCode);
    }

    [Fact]
    public async Task Delete_RunningExport_StopsItAndLeavesNoPartBehind()
    {
        await using var root = new TempFolder("silo-export-expiry");
        await SeedAsync("stop", posts: 400);
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: Settings("filesystem", null, root.Path, perSegment: 1));
        using var admin = node.AdminClient();
        var (id, location) = await StartAsync(admin, "stop");
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select segments from media_exports where export_id = @id", ("id", id)) >= 2,
            "a few segments are stored", Long);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(location, Ct)).StatusCode);

        var view = await admin.GetFromJsonAsync<JsonElement>(location, Ct);
        Assert.Equal("expired", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("postsWritten").GetInt32() < 400, "the export was done before it was deleted: nothing was stopped");
        Assert.Equal(0, await PartsAsync(node.Services.GetRequiredService<IBlobStore>(), id));
        // Stopped: the work loop holds no reminder for it any more.
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where grain_id = 'media-export/' || @id", ("id", id)) == 0, "the export's reminder is gone");
    }

    private static async Task<(string Id, string Location)> StartAsync(HttpClient admin, string tenant)
    {
        var started = await admin.PostAsync($"/api/media/exports?tenant={tenant}", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        return (location[(location.LastIndexOf('/') + 1)..], location);
    }

    private static async Task AssertGoneAsync(HttpClient client, string location)
    {
        var gone = await client.GetAsync($"{location}/archive", Ct);
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType?.MediaType);
        Assert.Contains("expired", (await gone.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    /// <summary>One expiry sweep as the node's would run it when its clock reads <paramref name="now"/>.</summary>
    private static Task<int> ExpireAtAsync(TestNode node, DateTimeOffset now) =>
        new ExportExpiry(node.Services.GetRequiredService<ExportQueries>(), node.Services.GetRequiredService<IGrainFactory>(),
            Options.Create(new ExportOptions { KeepFor = KeepFor }), new FakeTimeProvider(now)).RunOnceAsync(100, Ct);

    /// <summary>How many objects the store holds under the export's folder (segments, their manifest lines, the end).</summary>
    private static async Task<int> PartsAsync(IBlobStore store, string id)
    {
        var parts = 0;
        await foreach (var stored in store.ListAsync(Ct))
            if (stored.Key.StartsWith($"exports/{id}/", StringComparison.Ordinal)) parts++;
        return parts;
    }

    private static async Task<JsonElement> UntilStatusAsync(HttpClient client, string location, string status)
    {
        JsonElement view = default;
        await Eventually.UntilAsync(async () =>
        {
            view = await client.GetFromJsonAsync<JsonElement>(location, Ct);
            Assert.NotEqual("failed", view.GetProperty("status").GetString());
            return view.GetProperty("status").GetString() == status;
        }, $"the export is {status}", Long);
        return view;
    }

    /// <summary>Posts without files: the segments hold their JSON only, so the store under test holds nothing else of theirs.</summary>
    private Task SeedAsync(string tenant, int posts) => database.ExecuteAsync("""
        insert into posts (post_id, source, source_post_id, tenant, message, status)
        select 'manual:' || @tenant || '-' || i, 'manual', @tenant || '-' || i, @tenant, 'Texto ' || i, 'success' from generate_series(1, @posts) i
        """, ("tenant", tenant), ("posts", posts));

    private static async Task<ToolServer?> StartStoreAsync(string backend) => backend switch
    {
        "s3" => await ToolServer.StartS3rverAsync("exports"),
        "azure" => await ToolServer.StartAzuriteAsync(),
        _ => null,
    };

    private static Dictionary<string, string?> Settings(string backend, ToolServer? tool, string root, int perSegment = 2)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Media:Export:PostsPerSegment"] = perSegment.ToString(),
            ["Silo:Media:Export:ReminderPeriod"] = "00:00:01",
            // The node's own sweep would expire nothing within the test: the keeping time runs on the test's clock only.
            ["Silo:Media:Export:KeepFor"] = KeepFor.ToString(),
        };
        switch (backend)
        {
            case "s3":
                settings["Silo:Media:Storage:Backend"] = "s3";
                settings["Silo:Media:Storage:ServiceUrl"] = $"http://127.0.0.1:{tool!.Port}";
                settings["Silo:Media:Storage:Bucket"] = "exports";
                settings["Silo:Media:Storage:AccessKeyId"] = "S3RVER";
                settings["Silo:Media:Storage:SecretAccessKey"] = "S3RVER";
                settings["Silo:Media:Storage:PublicBaseUrl"] = $"http://127.0.0.1:{tool.Port}/exports";
                break;
            case "azure":
                settings["Silo:Media:Storage:Backend"] = "azure";
                settings["Silo:Media:Storage:Azure:AccountUrl"] = $"http://127.0.0.1:{tool!.Port}/{ToolServer.AzuriteAccount}";
                settings["AZURE_STORAGE_KEY"] = ToolServer.AzuriteKey;
                break;
            default:
                settings["Silo:Media:Storage:Root"] = root;
                break;
        }
        return settings;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Testing;

namespace Silo.Media.Tests.Export;

/// <summary>
/// A tenant's archive exported as one tar (real nodes on one database, the filesystem store): a few hundred posts of one
/// source, each file beside its post's JSON, unpacked by the real <c>tar</c> and checked by the real <c>sha256sum -c</c>;
/// another source and another tenant left out; and a node stopped, or a silo process killed, mid-export, followed by another
/// that writes the rest once.
/// </summary>
public sealed class ExportTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_ThreeHundredPosts_OneTarWhoseManifestChecksOutWithSha256sum()
    {
        using var root = new TempFolder();
        await SeedAsync("ex", root.Path, posts: 300);
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: Settings(root.Path, perSegment: 40));
        using var admin = node.AdminClient();

        var started = await admin.PostAsync("/api/media/exports?tenant=ex-acme&source=manual", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        Assert.Equal(300, (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("postsFound").GetInt32());
        var done = await UntilDoneAsync(admin, location);
        Assert.Equal((300, 300L, 8, 1.0), (done.GetProperty("postsWritten").GetInt32(), done.GetProperty("filesWritten").GetInt64(),
            done.GetProperty("segments").GetInt32(), done.GetProperty("progress").GetDouble()));

        using var unpacked = await DownloadAndUnpackAsync(admin, done);
        var check = Run("sha256sum", unpacked.Path, "-c", "--strict", "SHA256SUMS");
        Assert.True(check.Code == 0, check.Output);
        Assert.Equal(600, check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Path.Combine(unpacked.Path, "posts", "facebook")), "another source's posts were exported");
        var post = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(unpacked.Path, "posts", "manual", "ex007", "post.json"), Ct)).RootElement;
        Assert.Equal(("manual:ex007", "ex-acme", "Texto 7"), (post.GetProperty("postId").GetString(), post.GetProperty("tenant").GetString(),
            post.GetProperty("message").GetString()));
        Assert.Equal("Hola desde el video 7.", post.GetProperty("transcripts")[0].GetProperty("text").GetString());
        // The file beside the JSON is the stored one, under each post that shares it.
        Assert.Equal(Content(7 % 25), await File.ReadAllBytesAsync(Path.Combine(unpacked.Path, "posts", "manual", "ex007", "picture.jpg"), Ct));
        Assert.Equal(Content(7 % 25), await File.ReadAllBytesAsync(Path.Combine(unpacked.Path, "posts", "manual", "ex032", "picture.jpg"), Ct));

        // The check can fail: a changed byte is found.
        await File.AppendAllTextAsync(Path.Combine(unpacked.Path, "posts", "manual", "ex007", "picture.jpg"), "x", Ct);
        var changed = Run("sha256sum", unpacked.Path, "-c", "--quiet", "SHA256SUMS");
        Assert.NotEqual(0, changed.Code);
        Assert.Contains("posts/manual/ex007/picture.jpg: FAILED", changed.Output);
    }

    [Fact]
    public async Task Export_NodeStoppedMidway_AnotherNodeWritesTheRestAndEveryPostOnce()
    {
        using var root = new TempFolder();
        await SeedAsync("mid", root.Path, posts: 60);
        string location;
        var first = await TestNode.StartAsync(database.ConnectionString, settings: Settings(root.Path, perSegment: 1));
        await using (first)
        {
            var started = await first.AdminClient().PostAsync("/api/media/exports?tenant=mid-acme", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            location = started.Headers.Location!.OriginalString;
            var id = location[(location.LastIndexOf('/') + 1)..];
            await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select segments from media_exports where export_id = @id", ("id", id)) >= 3,
                "a few segments are stored", Long);
        }
        var midway = await database.ScalarAsync<int>("select posts_written from media_exports where export_id = @id",
            ("id", location[(location.LastIndexOf('/') + 1)..]));
        Assert.InRange(midway, 3, 65);

        await using var second = await TestNode.StartAsync(database.ConnectionString, settings: Settings(root.Path, perSegment: 1));
        using var admin = second.AdminClient();
        var done = await UntilDoneAsync(admin, location);
        Assert.Equal(65, done.GetProperty("postsWritten").GetInt32()); // 60 manual posts and 5 facebook posts of the tenant
        using var unpacked = await DownloadAndUnpackAsync(admin, done);
        var check = Run("sha256sum", unpacked.Path, "-c", "--strict", "SHA256SUMS");
        Assert.True(check.Code == 0, check.Output);
        var names = (await File.ReadAllLinesAsync(Path.Combine(unpacked.Path, "SHA256SUMS"), Ct)).Select(l => l[66..]).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(130, names.Count);
    }

    [Fact]
    public async Task Export_SiloKilledMidway_SurvivorWritesTheRestAndEveryPostOnce()
    {
        await using var world = await Silo.Media.Tests.Support.MediaWorld.StartAsync(database, startNode: false);
        await SeedAsync("kill", world.MediaRoot, posts: 600); // a segment per post: long enough for a second silo to join meanwhile
        var settings = new Dictionary<string, string?> { ["Silo:Media:Export:PostsPerSegment"] = "1", ["Silo:Media:Export:ReminderPeriod"] = "00:00:01" };
        // The victim is the only silo when the export starts, so its grain runs there; the in-process node is a gateway.
        await using var victim = world.StartSiloProcess(settings);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 1, "the victim joined", Long);
        var gateway = await world.StartNodeAsync(role: Silo.Hosting.Hosting.SiloRole.Gateway);
        using var admin = gateway.AdminClient();
        var started = await admin.PostAsync("/api/media/exports?tenant=kill-acme", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        var id = location[(location.LastIndexOf('/') + 1)..];
        await using var survivor = world.StartSiloProcess(settings);
        await Eventually.UntilAsync(async () => await world.ActiveSilosAsync() == 2, "the survivor joined", Long);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<int>("select segments from media_exports where export_id = @id", ("id", id)) >= 3,
            "a few segments are stored", Long);
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var atKill = await database.ScalarAsync<int>("select posts_written from media_exports where export_id = @id", ("id", id));

        var done = await UntilDoneAsync(admin, location);
        Assert.True(atKill < 605, $"the export was done ({atKill} posts) before its silo was killed");
        Assert.Equal(605, done.GetProperty("postsWritten").GetInt32()); // 600 manual posts and 5 facebook posts of the tenant
        using var unpacked = await DownloadAndUnpackAsync(admin, done);
        var check = Run("sha256sum", unpacked.Path, "-c", "--strict", "SHA256SUMS");
        Assert.True(check.Code == 0, check.Output);
        var names = (await File.ReadAllLinesAsync(Path.Combine(unpacked.Path, "SHA256SUMS"), Ct)).Select(l => l[66..]).ToList();
        Assert.Equal(1210, names.Distinct().Count());
        Assert.Equal(1210, names.Count);
    }

    [Fact]
    public async Task Export_AnotherTenantsKey_AnswersNotFoundAndBadInputIsNamed()
    {
        using var root = new TempFolder();
        await SeedAsync("iso", root.Path, posts: 2);
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: Settings(root.Path, perSegment: 10));
        using var admin = node.AdminClient();
        var started = await admin.PostAsync("/api/media/exports?tenant=iso-acme", null, Ct);
        var location = started.Headers.Location!.OriginalString;
        await UntilDoneAsync(admin, location);

        var bad = await admin.PostAsync("/api/media/exports?tenant=iso-acme&source=myspace&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("source", out _) && errors.TryGetProperty("to", out _), errors.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/media/exports", null, Ct)).StatusCode); // * must name a tenant
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/media/exports/not-an-id", Ct)).StatusCode);

        var beta = node.ClientWithKey(await KeyAsync(node, "iso-beta"));
        Assert.Equal(HttpStatusCode.NotFound, (await beta.GetAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beta.GetAsync($"{location}/archive", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beta.PostAsync($"{location}/cancel", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beta.PostAsync("/api/media/exports?tenant=iso-acme", null, Ct)).StatusCode);
        Assert.DoesNotContain(await beta.GetFromJsonAsync<JsonElement[]>("/api/media/exports", Ct) ?? [], e => e.GetProperty("tenant").GetString() == "iso-acme");
        var acme = node.ClientWithKey(await KeyAsync(node, "iso-acme"));
        Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync($"{location}/archive", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await acme.PostAsync($"{location}/cancel", null, Ct)).StatusCode); // done: nothing to cancel
    }

    private static Dictionary<string, string?> Settings(string root, int perSegment) => new()
    {
        ["Silo:Media:Storage:Root"] = root,
        ["Silo:Media:Export:PostsPerSegment"] = perSegment.ToString(),
        ["Silo:Media:Export:ReminderPeriod"] = "00:00:01",
    };

    private static async Task<string> KeyAsync(TestNode node, string tenant) =>
        (await node.Services.GetRequiredService<Silo.Gateway.Auth.ApiKeyStore>().CreateAsync($"export-{Guid.NewGuid():N}", tenant,
            [Silo.Gateway.Auth.Permissions.Manager], CancellationToken.None)).Secret;

    private static async Task<JsonElement> UntilDoneAsync(HttpClient client, string location)
    {
        JsonElement view = default;
        await Eventually.UntilAsync(async () =>
        {
            view = await client.GetFromJsonAsync<JsonElement>(location, Ct);
            Assert.NotEqual("failed", view.GetProperty("status").GetString());
            return view.GetProperty("status").GetString() == "done";
        }, "the export is done", Long);
        return view;
    }

    private static async Task<TempFolder> DownloadAndUnpackAsync(HttpClient client, JsonElement done)
    {
        var folder = new TempFolder();
        var tarPath = Path.Combine(folder.Path, "export.tar");
        using (var response = await client.GetAsync(done.GetProperty("archiveUrl").GetString(), HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/x-tar", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(done.GetProperty("archiveBytes").GetInt64(), response.Content.Headers.ContentLength);
            await using var file = File.Create(tarPath);
            await response.Content.CopyToAsync(file, Ct);
        }
        Assert.Equal(done.GetProperty("archiveBytes").GetInt64(), new FileInfo(tarPath).Length);
        var untar = Run("tar", folder.Path, "-xf", "export.tar");
        Assert.True(untar.Code == 0 && untar.Output.Trim().Length == 0, untar.Output); // tar warns about a broken end too
        File.Delete(tarPath);
        return folder;
    }

    /// <summary>
    /// <paramref name="posts"/> manual posts of tenant {prefix}-acme with a picture each (25 contents shared among them, so the
    /// same object appears under several posts) and the seventh a transcript; 5 facebook posts of that tenant and 3 of {prefix}-beta.
    /// </summary>
    private async Task SeedAsync(string prefix, string root, int posts)
    {
        for (var c = 0; c < 25; c++)
        {
            var key = $"{prefix}/{Sha(c)}.jpg";
            Directory.CreateDirectory(Path.Combine(root, prefix));
            await File.WriteAllBytesAsync(Path.Combine(root, key), Content(c), Ct);
        }
        var sql = new StringBuilder();
        sql.Append("insert into media_files (sha256, storage_key, backend, size, mime_type, reference_count) values ");
        sql.AppendJoin(", ", Enumerable.Range(0, 25).Select(c => $"('{prefix}{Sha(c)}', '{prefix}/{Sha(c)}.jpg', 'filesystem', {Content(c).Length}, 'image/jpeg', 1)"));
        sql.Append(" on conflict do nothing;\ninsert into posts (post_id, source, source_post_id, tenant, message, status) values ");
        var rows = Enumerable.Range(0, posts).Select(i => ($"manual:{prefix}{i:D3}", "manual", $"{prefix}{i:D3}", $"{prefix}-acme", i))
            .Concat(Enumerable.Range(0, 5).Select(i => ($"fb:{prefix}f{i}", "facebook", $"{prefix}f{i}", $"{prefix}-acme", i)))
            .Concat(Enumerable.Range(0, 3).Select(i => ($"manual:{prefix}b{i}", "manual", $"{prefix}b{i}", $"{prefix}-beta", i))).ToList();
        sql.AppendJoin(", ", rows.Select(r => $"('{r.Item1}', '{r.Item2}', '{r.Item3}', '{r.Item4}', 'Texto {r.Item5}', 'success')"));
        sql.Append(";\ninsert into post_media (post_id, slot, role, kind, original_url, action, status, sha256, storage_key, size, mime_type) values ");
        sql.AppendJoin(", ", rows.Select(r => $"('{r.Item1}', 'picture', 'primary', 'image', 'https://cdn.test/{r.Item5}', 'download', 'success', " +
            $"'{prefix}{Sha(r.Item5 % 25)}', '{prefix}/{Sha(r.Item5 % 25)}.jpg', {Content(r.Item5 % 25).Length}, 'image/jpeg')"));
        sql.Append($"""
            ;
            insert into transcripts (sha256, storage_key, mime_type, size, has_sound, status, text, requested_at, finished_at, version)
            values ('{prefix}{Sha(7)}', '{prefix}/{Sha(7)}.jpg', 'video/mp4', 10, true, 'done', 'Hola desde el video 7.', now(), now(), 1)
            """);
        await database.ExecuteAsync(sql.ToString());
    }

    // A content's stand-in hash (the rows only need to match each other); the manifest hashes the bytes themselves.
    private static string Sha(int c) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"content {c}")))[..40];

    private static byte[] Content(int c) => [.. Enumerable.Range(0, 2000 + c * 37).Select(i => (byte)(i * (c + 3)))];

    private static (int Code, string Output) Run(string tool, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("silo-export-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

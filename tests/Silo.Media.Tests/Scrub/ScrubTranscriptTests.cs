using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Media.Transcription;
using Silo.Testing;

namespace Silo.Media.Tests.Scrub;

/// <summary>
/// The integrity scrub checks a done transcript's text and WebVTT files against what its stored parts render, on each real
/// store (a folder, s3rver, azurite): a file gone or overwritten is stored again by the transcript's grain with the bytes it
/// stored when it was done, listed as repaired; a sound one is no finding; and a transcript's file, repaired or not, never
/// marks its post (the mark is its media file's alone).
/// </summary>
public sealed class ScrubTranscriptTests
{
    private const string Spoken = "Hola a todos & <bienvenidos>, ¿qué tal?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("filesystem")]
    [InlineData("s3")]
    [InlineData("azure")]
    public async Task Scrub_TranscriptTextGoneAndVttOverwritten_BothStoredAgainFromItsPartsAndThePostUnmarked(string backend)
    {
        await using var world = await ScrubWorld.StartAsync(backend, transcribe: true);
        var (sha, textKey, vttKey) = await TranscribedAsync(world, "scrub-t1");
        var (text, vtt) = (await world.ReadAsync(textKey), await world.ReadAsync(vttKey));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Spoken), text); // UTF-8, no byte order mark
        Assert.StartsWith("WEBVTT\n\n00:00:00.000 --> ", System.Text.Encoding.UTF8.GetString(vtt!));
        await world.Store.DeleteAsync(textKey, Ct);
        await world.PutAsync(vttKey, "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nsomething else\n"u8.ToArray());
        var mediaFiles = (int)await world.Media.Database.ScalarAsync<long>("select count(*) from media_files");

        var run = await world.ScrubAsync();

        Assert.Equal(("done", mediaFiles + 2, 1, 1, 2, 0, 0), (run.GetProperty("status").GetString(), run.GetProperty("filesChecked").GetInt32(),
            run.GetProperty("missing").GetInt32(), run.GetProperty("corrupted").GetInt32(), run.GetProperty("repaired").GetInt32(),
            run.GetProperty("unrepaired").GetInt32(), run.GetProperty("orphaned").GetInt32()));
        var number = run.GetProperty("run").GetInt32();
        using var admin = world.Media.Node.AdminClient();
        Assert.Equal([("corrupted", vttKey, "repaired"), ("missing", textKey, "repaired")], await ScrubWorld.FindingsAsync(admin, number));
        Assert.Equal(text, await world.ReadAsync(textKey));
        Assert.Equal(vtt, await world.ReadAsync(vttKey));
        // The tenant whose post it is sees the findings, with that post; the post itself is whole.
        using var acme = world.Media.Node.ClientWithKey(await world.Media.KeyAsync("acme"));
        var findings = await acme.GetFromJsonAsync<JsonElement>($"/api/media/scrubs/{number}/findings", Ct);
        Assert.All(findings.EnumerateArray(), f => Assert.Equal((sha, "manual:scrub-t1"),
            (f.GetProperty("sha256").GetString(), Assert.Single(f.GetProperty("postIds").EnumerateArray()).GetString())));
        Assert.Equal(2, findings.GetArrayLength());
        Assert.Empty(await DamagedAsync(acme, "manual:scrub-t1"));

        // Stored again, the transcript is sound: the next run finds nothing.
        var again = await world.ScrubAsync();

        Assert.Equal(("done", mediaFiles + 2), (again.GetProperty("status").GetString(), again.GetProperty("filesChecked").GetInt32()));
        Assert.Empty(await ScrubWorld.FindingsAsync(admin, again.GetProperty("run").GetInt32()));
    }

    [Fact]
    public async Task Scrub_TranscriptRepairedBesideItsMediaFileLost_OnlyTheMediaFileMarksThePost()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem", transcribe: true);
        var (_, _, vttKey) = await TranscribedAsync(world, "scrub-t2");
        var mediaKey = await world.StorageKeyAsync("manual:scrub-t2");
        await world.Store.DeleteAsync(mediaKey, Ct);
        await world.Media.Database.ExecuteAsync("update post_media set original_url = @u where post_id = 'manual:scrub-t2'",
            ("u", world.Media.Cdn.SignedUrl("no-longer-there.m4a")));
        await world.PutAsync(vttKey, [1, 2, 3]);

        var run = await world.ScrubAsync();

        using var admin = world.Media.Node.AdminClient();
        Assert.Equal([("corrupted", vttKey, "repaired"), ("missing", mediaKey, "unrepaired")],
            await ScrubWorld.FindingsAsync(admin, run.GetProperty("run").GetInt32()));
        // The transcript's file stored again says nothing of its media file, which stays lost: the post is marked for it alone.
        using var acme = world.Media.Node.ClientWithKey(await world.Media.KeyAsync("acme"));
        var mark = Assert.Single(await DamagedAsync(acme, "manual:scrub-t2"));
        Assert.Equal(("missing", mediaKey), (mark.GetProperty("kind").GetString(), mark.GetProperty("storageKey").GetString()));
    }

    [Fact]
    public async Task Scrub_TranscriptFileTheStoreRefuses_UnrepairedAlertedAndThePostUnmarked()
    {
        await using var world = await ScrubWorld.StartAsync("filesystem", transcribe: true);
        var (_, textKey, vttKey) = await TranscribedAsync(world, "scrub-t3");
        // A folder where the text file was: the store has no file there, and cannot put one.
        var textPath = Path.Combine(world.Media.MediaRoot, textKey);
        File.Delete(textPath);
        Directory.CreateDirectory(textPath);

        var run = await world.ScrubAsync();

        Assert.Equal((1, 0, 1), (run.GetProperty("missing").GetInt32(), run.GetProperty("repaired").GetInt32(), run.GetProperty("unrepaired").GetInt32()));
        using var admin = world.Media.Node.AdminClient();
        var finding = Assert.Single((await admin.GetFromJsonAsync<JsonElement>($"/api/media/scrubs/{run.GetProperty("run").GetInt32()}/findings", Ct))
            .EnumerateArray());
        Assert.Equal(("missing", textKey, "unrepaired"), (finding.GetProperty("kind").GetString(), finding.GetProperty("storageKey").GetString(),
            finding.GetProperty("outcome").GetString()));
        Assert.Contains("not written again", finding.GetProperty("detail").GetString());
        Assert.Equal(1L, await world.Media.Database.ScalarAsync<long>(
            "select count(*) from alerts where kind = 'scrub_unrepaired:acme' and tenant = 'acme' and not resolved"));
        using var acme = world.Media.Node.ClientWithKey(await world.Media.KeyAsync("acme"));
        Assert.Empty(await DamagedAsync(acme, "manual:scrub-t3"));
        Assert.Empty((await acme.GetFromJsonAsync<JsonElement>("/api/posts?damaged=true", Ct)).GetProperty("items").EnumerateArray());
        Assert.NotNull(await world.ReadAsync(vttKey));
    }

    /// <summary>A manual post of acme's with one audio file, archived and transcribed: the file's SHA-256 and its transcript's keys.</summary>
    private static async Task<(string Sha256, string TextKey, string VttKey)> TranscribedAsync(ScrubWorld world, string id)
    {
        var media = world.Media;
        world.Transcription!.Script.Enqueue(Spoken);
        var audio = await RealMedia.BytesAsync("m4a");
        media.Cdn.AddFile($"{id}.m4a", audio, "audio/mp4");
        using var admin = media.Node.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "manual", tenant = "acme", message = "Un episodio",
            media = new[] { new { url = media.Cdn.SignedUrl($"{id}.m4a"), kind = "audio" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await media.UntilStatusAsync($"manual:{id}", "success");
        var sha = TestMedia.Sha256(audio);
        await Eventually.UntilAsync(async () => await media.Database.ScalarAsync<string?>(
            "select status from transcripts where sha256 = @sha", ("sha", sha)) == TranscriptStatus.Done, $"the transcript of {id} is done");
        var textKey = await media.Database.ScalarAsync<string>("select text_key from transcripts where sha256 = @sha", ("sha", sha));
        var vttKey = await media.Database.ScalarAsync<string>("select vtt_key from transcripts where sha256 = @sha", ("sha", sha));
        return (sha, textKey, vttKey);
    }

    private static async Task<List<JsonElement>> DamagedAsync(HttpClient client, string postId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/posts/{Uri.EscapeDataString(postId)}", Ct)).GetProperty("damaged").EnumerateArray()];
}

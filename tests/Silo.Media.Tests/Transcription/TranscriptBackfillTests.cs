using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Tests.Support;
using Silo.Media.Transcription;
using Silo.Media.Transcription.Backfill;
using Silo.Testing;

namespace Silo.Media.Tests.Transcription;

/// <summary>
/// Files archived while transcription was off, transcribed by a transcript backfill once it is on (real nodes, one after
/// another on one database, the transcription simulator): only the tenant's files without a transcript are sent, one at a
/// time here, its progress readable through the API and the dashboard's media section, and a node stopped mid-walk is
/// followed by another that goes on where it stood.
/// </summary>
public sealed class TranscriptBackfillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backfill_FilesArchivedWithTranscriptionOff_EachTranscribedOnceAcrossANodeRestart()
    {
        // A database of its own: after the class's other tests had run their nodes on the shared one, this test's posts or
        // backfill timed out in three runs of three (it passed alone in three of three); the cause is not found yet.
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var world = await TranscriptionWorld.StartAsync(database, enabled: false, startNode: false,
            configure: api => api.Faults.HoldFromCall = 1); // the first file's answer waits while its node is stopped
        var off = new Dictionary<string, string?>(world.Settings) { ["Silo:Transcription:Enabled"] = "false" };
        var on = new Dictionary<string, string?>(world.Settings)
        {
            ["Silo:Transcription:Enabled"] = "true",
            ["Silo:Transcription:BackfillInFlight"] = "1",
            ["Silo:Transcription:BackfillPollInterval"] = "00:00:00.100",
        };

        // 1. Transcription off: four of acme's files and one of globex's archived, none transcribed.
        var first = await world.Media.StartNodeAsync(off);
        var done = await world.ArchiveAsync("b0", "done.mp4", await RealMedia.BytesAsync("mp4"), "video/mp4", "video");
        string[] waiting =
        [
            await world.ArchiveAsync("b1", "one.m4a", await RealMedia.BytesAsync("m4a"), "audio/mp4", "audio"),
            await world.ArchiveAsync("b2", "two.mp3", await RealMedia.BytesAsync("mp3"), "audio/mpeg", "audio"),
            await world.ArchiveAsync("b3", "three.ogg", await RealMedia.BytesAsync("ogg"), "audio/ogg", "audio"),
        ];
        var theirs = await ArchiveForGlobexAsync(world, "other.mp3");
        // One of acme's files was transcribed already (as if by an earlier run): the backfill leaves it as it is.
        await database.ExecuteAsync("""
            insert into transcripts (sha256, storage_key, mime_type, size, has_sound, status, text, requested_at, finished_at, version)
            select sha256, storage_key, mime_type, size, true, 'done', 'Ya transcrito.', now(), now(), 1 from media_files where sha256 = @s
            """, ("s", done));
        using (var admin = first.AdminClient())
        {
            var refused = await admin.PostAsync("/api/media/transcripts/backfill?tenant=acme", null, Ct);
            Assert.Equal((HttpStatusCode.Conflict, "Transcription is off"), (refused.StatusCode, await TitleAsync(refused)));
        }
        await first.DisposeAsync();
        world.Media.Nodes.Clear();

        // 2. Transcription on: one source's backfill finds nothing, every source's finds acme's three; the first file is held.
        var second = await world.Media.StartNodeAsync(on);
        using (var admin = second.AdminClient())
        {
            var patreon = await admin.PostAsync("/api/media/transcripts/backfill?tenant=acme&source=patreon", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, patreon.StatusCode);
            Assert.Equal(0, (await patreon.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("filesFound").GetInt32());
            var started = await admin.PostAsync("/api/media/transcripts/backfill?tenant=acme", null, Ct);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal("/api/media/transcripts/backfill?tenant=acme", started.Headers.Location!.OriginalString);
            var again = await admin.PostAsync("/api/media/transcripts/backfill?tenant=acme", null, Ct);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        await Eventually.UntilAsync(() => world.Api.HeldCalls == 1, "the first file's call is in flight", Long);
        var midway = await ViewAsync(second, "");
        Assert.Equal(("running", 3, 1, 0L, 1L), (Text(midway, "status"), Int(midway, "filesFound"), Int(midway, "filesHanded"),
            midway.GetProperty("done").GetInt64(), midway.GetProperty("inProgress").GetInt64()));
        var section = await second.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/media", Ct);
        Assert.Contains(section.GetProperty("transcript_backfills").EnumerateArray(), b => Text(b, "id") == "all:acme" && Int(b, "filesHanded") == 1);
        await Eventually.UntilAsync(async () => Text(await ViewAsync(second, "&source=patreon"), "status") == "done", "the patreon backfill found nothing to do");
        await second.DisposeAsync();
        world.Media.Nodes.Clear();
        world.Api.Faults.HoldFromCall = 0;

        // 3. Another node on the same database: the backfill and the interrupted transcript go on from where they stood.
        var third = await world.Media.StartNodeAsync(on);
        await Eventually.UntilAsync(async () => Text(await ViewAsync(third, ""), "status") == "done"
            && (await ViewAsync(third, "")).GetProperty("done").GetInt64() == 3, "the backfill is done and its files transcribed", Long);

        var view = await ViewAsync(third, "");
        Assert.Equal((3, 3, 3L, 0L, 0L, 1.0), (Int(view, "filesFound"), Int(view, "filesHanded"), view.GetProperty("done").GetInt64(),
            view.GetProperty("failed").GetInt64(), view.GetProperty("inProgress").GetInt64(), view.GetProperty("progress").GetDouble()));
        foreach (var sha in waiting) Assert.Equal(TranscriptStatus.Done, await world.StatusAsync(sha));
        // Each waiting file sent, the first twice (its call was cut short by the stop, and made again by the next node); the
        // transcribed one and globex's never.
        Assert.Equal(waiting.Order(), world.Api.Uploads.Select(u => u.Sha256).Distinct().Order());
        Assert.Equal((4, 4L), (world.Api.Uploads.Count, await database.ScalarAsync<long>("select sum(calls) from transcripts")));
        Assert.DoesNotContain(world.Api.Uploads, u => u.Sha256 == done || u.Sha256 == theirs);
        Assert.Equal(("Ya transcrito.", null), (await database.ScalarAsync<string>("select text from transcripts where sha256 = @s", ("s", done)),
            await world.StatusAsync(theirs)));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where reminder_name = @n", ("n", TranscriptBackfillGrain.WalkReminder)) == 0, "the backfill's reminder is removed");
    }

    [Theory]
    [InlineData("", "tenant", "is required for a key of every tenant (*): name the tenant whose files to transcribe.")]
    [InlineData("?tenant=acme&source=myspace", "source", "must be one of facebook, instagram, patreon, youtube, manual, or left out for every source.")]
    public async Task StartBackfill_BadScope_ProblemNamingIt(string query, string field, string message)
    {
        await using var world = await TranscriptionWorld.StartAsync(database);
        using var admin = world.Media.Node.AdminClient();

        var response = await admin.PostAsync($"/api/media/transcripts/backfill{query}", null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty(field)[0].GetString());
    }

    private static async Task<string> ArchiveForGlobexAsync(TranscriptionWorld world, string format)
    {
        var bytes = await RealMedia.BytesAsync(format);
        world.Media.Cdn.AddFile("theirs.mp3", bytes, "audio/mpeg");
        using var client = world.Media.Node.AdminClient();
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = "g1", source = "manual", tenant = "globex", message = "Their episode",
            media = new[] { new { url = world.Media.Cdn.SignedUrl("theirs.mp3"), kind = "audio" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await world.Media.UntilStatusAsync("manual:g1", "success");
        return TestMedia.Sha256(bytes);
    }

    private static async Task<JsonElement> ViewAsync(TestNode node, string source)
    {
        using var admin = node.AdminClient();
        return await admin.GetFromJsonAsync<JsonElement>($"/api/media/transcripts/backfill?tenant=acme{source}", Ct);
    }

    private static async Task<string?> TitleAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString();

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Media.Posts;
using Silo.Media.Tests.Support;
using Silo.Media.Transcription;
using Silo.Testing;

namespace Silo.Media.Tests.Transcription;

/// <summary>
/// Archived video and audio transcribed through the transcription simulator (seed 003's Whisper API) by a real node on
/// a real database. Transcripts are per file content, so each test archives a file of its own format.
/// </summary>
public sealed class TranscriptionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Archive_AudioWithTranscriptionOn_TranscriptStoredAsTextAndVttAndListed()
    {
        await using var world = await TranscriptionWorld.StartAsync(database);
        world.Api.Script.Enqueue("Hola a todos & bienvenidos al episodio.");
        var m4a = await RealMedia.BytesAsync("m4a");

        var sha = await world.ArchiveAsync("t1", "talk.m4a", m4a, "audio/mp4", "audio");
        await world.UntilStatusAsync(sha, TranscriptStatus.Done);

        var upload = Assert.Single(world.Api.Uploads);
        Assert.Equal(("media.m4a", "audio/mp4", (long)m4a.Length, sha, "whisper-1", "es", "verbose_json", $"Bearer {TranscriptionWorld.ApiKey}", 200),
            (upload.FileName, upload.ContentType, upload.Size, upload.Sha256, upload.Model, upload.Language, upload.ResponseFormat, upload.Authorization, upload.Status));
        var transcript = Assert.Single((await world.Media.GetPostAsync("manual:t1")).GetProperty("transcripts").EnumerateArray());
        Assert.Equal(("attachment:0:audio", "done", "es", "Hola a todos & bienvenidos al episodio."),
            (Text(transcript, "slot"), Text(transcript, "status"), Text(transcript, "language"), Text(transcript, "text")));
        var seconds = Math.Max(0.5, Math.Round(m4a.Length / 4000.0, 3));
        var end = TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        Assert.Equal($"WEBVTT\n\n00:00:00.000 --> {end}\nHola a todos &amp; bienvenidos al episodio.\n",
            await world.Media.Node.Http.GetStringAsync(Text(transcript, "vttUrl"), Ct));
        Assert.Equal("Hola a todos & bienvenidos al episodio.", await world.Media.Node.Http.GetStringAsync(Text(transcript, "textUrl"), Ct));
        // Stored beside the media: the audio's own key with .transcript.vtt in place of its extension.
        var key = Text((await world.Media.GetPostAsync("manual:t1")).GetProperty("media")[0], "storageKey")!;
        Assert.Equal(key[..key.LastIndexOf('.')] + ".transcript.vtt", await world.Media.Database.ScalarAsync<string>(
            "select vtt_key from transcripts where sha256 = @sha", ("sha", sha)));
    }

    [Fact]
    public async Task ListPosts_WordOnlyInTranscript_FindsThePost()
    {
        await using var world = await TranscriptionWorld.StartAsync(database);
        world.Api.Script.Enqueue("Hoy hablamos de la fotosíntesis de los cactus.");
        var sha = await world.ArchiveAsync("t2", "cactus.mp3", await RealMedia.BytesAsync("mp3"), "audio/mpeg", "audio", message: "Episodio dos");
        await world.UntilStatusAsync(sha, TranscriptStatus.Done);

        Assert.Equal(["manual:t2"], await SearchAsync(world, "FOTOSÍNTESIS"));
        Assert.Empty(await SearchAsync(world, "fotografía"));
        Assert.Equal(["manual:t2"], await SearchAsync(world, "episodio dos")); // the message is still searched
    }

    [Fact]
    public async Task Archive_Api429Twice_RetriedUntilDone()
    {
        await using var world = await TranscriptionWorld.StartAsync(database, configure: api =>
        {
            (api.Faults.FailStatus, api.Faults.FailCount) = (429, 2);
            api.Script.Enqueue("Tercera vez.");
        });

        var sha = await world.ArchiveAsync("t3", "clip.ogg", await RealMedia.BytesAsync("ogg"), "audio/ogg", "audio");
        await world.UntilStatusAsync(sha, TranscriptStatus.Done);

        Assert.Equal([429, 429, 200], world.Api.Uploads.Select(u => u.Status));
        Assert.Equal((3, 0, "Tercera vez."), (await world.Media.Database.ScalarAsync<int>("select calls from transcripts where sha256 = @sha", ("sha", sha)),
            await world.Media.Database.ScalarAsync<int>("select failures_in_row from transcripts where sha256 = @sha", ("sha", sha)),
            await world.Media.Database.ScalarAsync<string>("select text from transcripts where sha256 = @sha", ("sha", sha))));
    }

    [Fact]
    public async Task Archive_Api400_FailedWithTheReasonAndNotRetried()
    {
        await using var world = await TranscriptionWorld.StartAsync(database, configure: api => (api.Faults.FailStatus, api.Faults.FailCount) = (400, -1));

        var sha = await world.ArchiveAsync("t4", "clip.webm", await RealMedia.BytesAsync("webm"), "video/webm", "video");
        await world.UntilStatusAsync(sha, TranscriptStatus.Failed);
        await world.UntilNoReminderAsync(TranscriptGrain.WorkReminder);

        var transcript = Assert.Single((await world.Media.GetPostAsync("manual:t4")).GetProperty("transcripts").EnumerateArray());
        Assert.Equal(("failed", "http_400",
                "The transcription API answered 400 Bad Request: The audio file could not be decoded or its format is not supported. (not retried: the same file would be refused again)."),
            (Text(transcript, "status"), Text(transcript, "errorType"), Text(transcript, "error")));
        Assert.Equal(JsonValueKind.Null, transcript.GetProperty("nextRetryAt").ValueKind);
        Assert.Equal([400], world.Api.Uploads.Select(u => u.Status));
        // The post itself stays archived: its transcript is a step after it, not a part of it.
        Assert.Equal("success", await world.Media.StatusAsync("manual:t4"));
    }

    [Fact]
    public async Task RetryTranscripts_RefusedThenAccepted_TranscribedWithFreshAttempts()
    {
        await using var world = await TranscriptionWorld.StartAsync(database, configure: api => (api.Faults.FailStatus, api.Faults.FailCount) = (400, 1));
        world.Api.Script.Enqueue("Ahora sí.");
        var sha = await world.ArchiveAsync("t7", "again.mp3", await RealMedia.BytesAsync("other.mp3"), "audio/mpeg", "audio");
        await world.UntilStatusAsync(sha, TranscriptStatus.Failed);

        using var client = world.Media.Node.AdminClient();
        var response = await client.PostAsync("/api/posts/manual:t7/transcripts/retry", null, Ct);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["attachment:0:audio"], (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("slots").EnumerateArray().Select(s => s.GetString()));
        await world.UntilStatusAsync(sha, TranscriptStatus.Done);
        Assert.Equal([400, 200], world.Api.Uploads.Select(u => u.Status));
        var transcript = Assert.Single((await world.Media.GetPostAsync("manual:t7")).GetProperty("transcripts").EnumerateArray());
        Assert.Equal(("Ahora sí.", JsonValueKind.Null), (Text(transcript, "text"), transcript.GetProperty("error").ValueKind));
        // A transcript that is done is not sent again.
        var again = await client.PostAsync("/api/posts/manual:t7/transcripts/retry", null, Ct);
        Assert.Empty((await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("slots").EnumerateArray());
    }

    [Fact]
    public async Task Archive_FileOverTheUploadLimit_SoundSplitIntoPartsTranscribedInOrder()
    {
        const int limit = 16384;
        await using var world = await TranscriptionWorld.StartAsync(database,
            new Dictionary<string, string?> { ["Silo:Transcription:MaxUploadBytes"] = limit.ToString(CultureInfo.InvariantCulture) },
            configure: api =>
            {
                api.MaxRequestBytes = limit; // as the real API: larger requests are answered 413
                foreach (var line in new[] { "Primera parte.", "Segunda parte.", "Tercera parte." }) api.Script.Enqueue(line);
            });
        var m4a = await RealMedia.BytesAsync("long.m4a");
        Assert.True(m4a.Length > limit, "the file must be over the limit for this test to mean anything");

        var sha = await world.ArchiveAsync("t5", "long.m4a", m4a, "audio/mp4", "audio");
        await world.UntilStatusAsync(sha, TranscriptStatus.Done);

        var uploads = world.Api.Uploads;
        Assert.Equal(["part0000.mp3", "part0001.mp3", "part0002.mp3"], uploads.Select(u => u.FileName));
        Assert.All(uploads, u => Assert.Equal((200, "audio/mpeg"), (u.Status, u.ContentType)));
        var transcript = Assert.Single((await world.Media.GetPostAsync("manual:t5")).GetProperty("transcripts").EnumerateArray());
        Assert.Equal("Primera parte.\nSegunda parte.\nTercera parte.", Text(transcript, "text"));
        var cues = TranscriptVtt.Read(await world.Media.Node.Http.GetStringAsync(Text(transcript, "vttUrl"), Ct))!;
        Assert.Equal(["Primera parte.", "Segunda parte.", "Tercera parte."], cues.Select(c => c.Text));
        // Parts of two seconds (what fits 16 KiB at 32 kbit/s, less a tenth), cut by ffmpeg at the next MP3 frame: each
        // part's cue starts where the part does, and lasts what the simulator heard in that part.
        Assert.Equal([0, 2, 4], cues.Select(c => (int)Math.Round(c.Start)));
        Assert.All(cues.Zip(uploads), p => Assert.Equal(Math.Max(0.5, Math.Round(p.Second.Size / 4000.0, 3)), p.First.End - p.First.Start, 3));
    }

    [Fact]
    public async Task Archive_VideoWithoutSound_SkippedAndNothingSent()
    {
        await using var world = await TranscriptionWorld.StartAsync(database);

        var sha = await world.ArchiveAsync("t8", "silent.mov", await RealMedia.BytesAsync("mov"), "video/quicktime", "video");
        await world.UntilStatusAsync(sha, TranscriptStatus.Skipped);

        var transcript = Assert.Single((await world.Media.GetPostAsync("manual:t8")).GetProperty("transcripts").EnumerateArray());
        Assert.Equal(("skipped", "no_sound", "The file has no sound track to transcribe."),
            (Text(transcript, "status"), Text(transcript, "errorType"), Text(transcript, "error")));
        Assert.Empty(world.Api.Uploads);
    }

    [Fact]
    public async Task Archive_TranscriptionNotConfigured_NothingSent()
    {
        await using var world = await TranscriptionWorld.StartAsync(database, enabled: false);

        var sha = await world.ArchiveAsync("t6", "clip.mp4", await RealMedia.BytesAsync("mp4"), "video/mp4", "video");
        // The post's reminder goes only after its transcripts were asked for: from then on nothing more can come.
        await world.UntilNoReminderAsync(PostGrain.ArchiveReminder);

        Assert.Equal(0L, await world.Media.Database.ScalarAsync<long>("select count(*) from transcripts where sha256 = @sha", ("sha", sha)));
        Assert.Empty(world.Api.Uploads);
        Assert.Empty((await world.Media.GetPostAsync("manual:t6")).GetProperty("transcripts").EnumerateArray());
    }

    [Theory]
    [InlineData("BaseUrl", "ftp://whisper.example/v1")]
    [InlineData("BaseUrl", "not a url")]
    [InlineData("Language", "spanish")]
    [InlineData("ResponseFormat", "srt")]
    [InlineData("MaxUploadBytes", "1024")]
    public async Task StartAsync_BadTranscriptionSetting_FailsNamingIt(string setting, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Silo:Transcription:Enabled"] = "true", [$"Silo:Transcription:{setting}"] = value,
        }));

        Assert.Contains($"Silo:Transcription:{setting}:", Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(error).Message);
    }

    private static async Task<string[]> SearchAsync(TranscriptionWorld world, string q)
    {
        using var client = world.Media.Node.AdminClient();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/posts?tenant=acme&q={Uri.EscapeDataString(q)}", Ct);
        return [.. page.GetProperty("items").EnumerateArray().Select(p => Text(p, "postId")!)];
    }

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();
}

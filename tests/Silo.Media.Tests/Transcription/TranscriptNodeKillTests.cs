using System.Globalization;
using Silo.Hosting.Hosting;
using Silo.Media.Tests.Support;
using Silo.Media.Transcription;
using Silo.Testing;

namespace Silo.Media.Tests.Transcription;

/// <summary>
/// A long file's transcription interrupted by a SIGKILL of the silo doing it (real `silo` processes in one database):
/// the other silo resumes from the last part stored, so only the call in flight is made again, and the transcript is
/// stored once.
/// </summary>
public sealed class TranscriptNodeKillTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Transcribe_SiloKilledMidCall_OtherSiloRepeatsOnlyThatCall()
    {
        const int limit = 16384;
        await using var world = await TranscriptionWorld.StartAsync(database,
            new Dictionary<string, string?> { ["Silo:Transcription:MaxUploadBytes"] = limit.ToString(CultureInfo.InvariantCulture) },
            configure: api =>
            {
                api.Faults.HoldFromCall = 2; // the second part's answer waits while the victim is killed
                foreach (var line in new[] { "Uno.", "Dos.", "Dos, otra vez.", "Tres." }) api.Script.Enqueue(line);
            },
            startNode: false);

        // The victim is the only silo when the post arrives, so the post's and the transcript's grains run there; the
        // in-process node is a gateway (an Orleans client) that only takes the API call.
        await using var victim = world.Media.StartSiloProcess(world.Settings);
        await Eventually.UntilAsync(async () => await world.Media.ActiveSilosAsync() == 1, "the victim joined", Long);
        await world.Media.StartNodeAsync(world.Settings, SiloRole.Gateway);
        var sha = await world.ArchiveAsync("k1", "long.m4a", await RealMedia.BytesAsync("long.m4a"), "audio/mp4", "audio", timeout: Long);

        await Eventually.UntilAsync(() => world.Api.HeldCalls == 1, "the victim's second call is in flight", Long);
        Assert.Equal((TranscriptStatus.Transcribing, 1), (await world.StatusAsync(sha),
            await world.Media.Database.ScalarAsync<int>("select jsonb_array_length(parts) from transcripts where sha256 = @s", ("s", sha))));
        await using var survivor = world.Media.StartSiloProcess(world.Settings);
        await Eventually.UntilAsync(async () => await world.Media.ActiveSilosAsync() == 2, "the survivor joined", Long);
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
        world.Api.Faults.HoldFromCall = 0;

        await world.UntilStatusAsync(sha, TranscriptStatus.Done, Long);
        // The first part once; the second twice (the victim's call, cut short, and the survivor's); the third once.
        Assert.Equal(["part0000.mp3", "part0001.mp3", "part0001.mp3", "part0002.mp3"], world.Api.Uploads.Select(u => u.FileName));
        Assert.Equal((4, "Uno.\nDos, otra vez.\nTres."), (await world.Media.Database.ScalarAsync<int>("select calls from transcripts where sha256 = @s", ("s", sha)),
            await world.Media.Database.ScalarAsync<string>("select text from transcripts where sha256 = @s", ("s", sha))));
        Assert.Single(Directory.GetFiles(world.Media.MediaRoot, "*.transcript.vtt", SearchOption.AllDirectories));
        Assert.Single(Directory.GetFiles(world.Media.MediaRoot, "*.transcript.txt", SearchOption.AllDirectories));
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where reminder_name = @n", ("n", TranscriptGrain.WorkReminder)) == 0, "the transcript's reminder is removed");
    }
}

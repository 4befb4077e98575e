using System.Net;
using System.Net.Http.Json;
using Silo.Media.Tests.Support;
using Silo.Simulators;
using Silo.Simulators.Transcription;
using Silo.Testing;

namespace Silo.Media.Tests.Transcription;

/// <summary>A <see cref="MediaWorld"/> whose node transcribes through the transcription simulator, on its own loopback server.</summary>
public sealed class TranscriptionWorld : IAsyncDisposable
{
    public const string ApiKey = "test_transcription_key";

    private TranscriptionWorld(SimulatorServer server, TranscriptionSimulator api, MediaWorld media, Dictionary<string, string?> settings) =>
        (Server, Api, Media, Settings) = (server, api, media, settings);

    public SimulatorServer Server { get; }
    public TranscriptionSimulator Api { get; }
    public MediaWorld Media { get; }

    /// <summary>The transcription settings of this world's nodes (for <see cref="MediaWorld.StartSiloProcess"/>).</summary>
    public Dictionary<string, string?> Settings { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts the simulator and, unless <paramref name="startNode"/> is false, a node with transcription on (unless
    /// <paramref name="enabled"/> is false) in Spanish.
    /// </summary>
    public static async Task<TranscriptionWorld> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null, bool enabled = true,
        Action<TranscriptionSimulator>? configure = null, bool startNode = true)
    {
        var api = new TranscriptionSimulator { ApiKey = ApiKey };
        configure?.Invoke(api);
        var server = await SimulatorServer.StartAsync(app => app.MapTranscriptionSimulator("/openai", api));
        var values = new Dictionary<string, string?>
        {
            ["Silo:Transcription:BaseUrl"] = server.Url("openai/v1").ToString(),
            ["Silo:Transcription:ApiKey"] = ApiKey,
            ["Silo:Transcription:Language"] = "es",
            ["Silo:Transcription:RetryBaseDelay"] = "00:00:00.100",
            ["Silo:Transcription:RetryMaxDelay"] = "00:00:00.300",
            ["Silo:Transcription:ReminderPeriod"] = "00:00:01",
        };
        if (enabled) values["Silo:Transcription:Enabled"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var media = await MediaWorld.StartAsync(database, values, startNode: startNode);
        return new TranscriptionWorld(server, api, media, values);
    }

    /// <summary>Creates a manual post with one file served by the CDN simulator and waits until it is archived.</summary>
    public async Task<string> ArchiveAsync(string id, string fileName, byte[] bytes, string contentType, string kind, string message = "Un episodio",
        TimeSpan? timeout = null)
    {
        Media.Cdn.AddFile(fileName, bytes, contentType);
        using var client = Media.Node.AdminClient();
        var response = await client.PostAsJsonAsync("/api/posts", new
        {
            postId = id, source = "manual", tenant = "acme", message, media = new[] { new { url = Media.Cdn.SignedUrl(fileName), kind } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Media.UntilStatusAsync($"manual:{id}", "success", timeout);
        return TestMedia.Sha256(bytes);
    }

    public Task<string?> StatusAsync(string sha256) =>
        Media.Database.ScalarAsync<string?>("select status from transcripts where sha256 = @sha", ("sha", sha256));

    public Task UntilStatusAsync(string sha256, string status, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(async () => await StatusAsync(sha256) == status, $"the transcript of {sha256} is {status}", timeout);

    /// <summary>Waits until no reminder of <paramref name="name"/> is left: the grains that held one have finished their work.</summary>
    public Task UntilNoReminderAsync(string name) =>
        Eventually.UntilAsync(async () => await Media.Database.ScalarAsync<long>(
            "select count(*) from orleans_reminders where reminder_name = @name", ("name", name)) == 0, $"no {name} reminder is left");

    public async ValueTask DisposeAsync()
    {
        await Media.DisposeAsync();
        await Server.DisposeAsync();
    }
}

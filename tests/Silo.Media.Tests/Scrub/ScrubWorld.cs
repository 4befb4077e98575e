using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Media.Tests.Support;
using Silo.Media.Tests.Transcription;
using Silo.Simulators;
using Silo.Simulators.Transcription;
using Silo.Testing;

namespace Silo.Media.Tests.Scrub;

/// <summary>A media world whose node stores into one real backend (a folder, s3rver or azurite on loopback), with a store of the test's
/// own on the same backend to damage objects behind the node's back, and the scrub's API; with <c>transcribe</c>, the node
/// transcribes audio through the transcription simulator.</summary>
internal sealed class ScrubWorld : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ToolServer? _tool;
    private readonly SimulatorServer? _transcription;
    private readonly List<string> _files = [];

    private ScrubWorld(TestDatabase database, ToolServer? tool, MediaWorld media, IBlobStore store, SimulatorServer? transcription, TranscriptionSimulator? api) =>
        (_database, _tool, Media, Store, _transcription, Transcription) = (database, tool, media, store, transcription, api);

    public MediaWorld Media { get; }
    public IBlobStore Store { get; }

    /// <summary>The transcription simulator the node calls; null unless started with <c>transcribe</c>.</summary>
    public TranscriptionSimulator? Transcription { get; }
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh database (every media_files row is this test's), the backend's server, and a node on both (and <paramref name="more"/>).</summary>
    public static async Task<ScrubWorld> StartAsync(string backend, IDictionary<string, string?>? more = null, bool transcribe = false)
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        var tool = backend switch
        {
            "s3" => await ToolServer.StartS3rverAsync("meta-webhooks"),
            "azure" => await ToolServer.StartAzuriteAsync(),
            _ => null,
        };
        var root = Path.Combine(Path.GetTempPath(), $"silo-scrub-{Guid.NewGuid():N}");
        var options = backend switch
        {
            "s3" => new BlobStoreOptions
            {
                Backend = "S3", ServiceUrl = $"http://127.0.0.1:{tool!.Port}", Bucket = "meta-webhooks", AccessKeyId = "S3RVER", SecretAccessKey = "S3RVER",
            },
            "azure" => new BlobStoreOptions
            {
                Backend = "Azure",
                Azure = new AzureBlobOptions { AccountUrl = $"http://127.0.0.1:{tool!.Port}/{ToolServer.AzuriteAccount}", AccountKey = ToolServer.AzuriteKey },
            },
            _ => new BlobStoreOptions { Backend = "FileSystem", Root = root },
        };
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Media:Storage:Backend"] = options.Backend,
            ["Silo:Media:Scrub:Interval"] = "00:00:00", // runs only when the test starts one
            ["Silo:Media:Scrub:FilesPerStep"] = "2", // several steps, so the cursor moves between them
            ["Silo:Media:Scrub:ReminderPeriod"] = "00:00:01",
        };
        if (backend == "s3")
        {
            settings["Silo:Media:Storage:ServiceUrl"] = options.ServiceUrl;
            settings["Silo:Media:Storage:AccessKeyId"] = "S3RVER";
            settings["Silo:Media:Storage:SecretAccessKey"] = "S3RVER";
        }
        if (backend == "azure")
        {
            settings["Silo:Media:Storage:Azure:AccountUrl"] = options.Azure.AccountUrl;
            settings["AZURE_STORAGE_KEY"] = ToolServer.AzuriteKey;
        }
        var (api, transcription) = transcribe ? (new TranscriptionSimulator { ApiKey = TranscriptionWorld.ApiKey }, (SimulatorServer?)null) : (null, null);
        if (api is not null)
        {
            transcription = await SimulatorServer.StartAsync(app => app.MapTranscriptionSimulator("/openai", api));
            settings["Silo:Transcription:Enabled"] = "true";
            settings["Silo:Transcription:BaseUrl"] = transcription.Url("openai/v1").ToString();
            settings["Silo:Transcription:ApiKey"] = TranscriptionWorld.ApiKey;
            settings["Silo:Transcription:Language"] = "es";
        }
        foreach (var (name, value) in more ?? new Dictionary<string, string?>()) settings[name] = value;
        var media = await MediaWorld.StartAsync(database, settings);
        IBlobStore store = backend switch
        {
            "s3" => new S3BlobStore(Options.Create(options)),
            "azure" => new AzureBlobStore(Options.Create(options)),
            _ => new FileSystemBlobStore(Options.Create(new BlobStoreOptions { Root = media.MediaRoot })),
        };
        return new ScrubWorld(database, tool, media, store, transcription, api);
    }

    /// <summary>Replaces the object under <paramref name="key"/> (or adds one) with <paramref name="bytes"/>.</summary>
    public async Task PutAsync(string key, byte[] bytes)
    {
        var path = Path.GetTempFileName();
        _files.Add(path);
        await File.WriteAllBytesAsync(path, bytes, Ct);
        await Store.PutFileAsync(key, path, "application/octet-stream", Ct);
    }

    public async Task<byte[]?> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, Ct);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    public async Task<string> StorageKeyAsync(string postId) =>
        (await Media.GetPostAsync(postId)).GetProperty("media")[0].GetProperty("storageKey").GetString()!;

    /// <summary>Starts a scrub with the admin key of tenant * and waits for it to end; its report as tenant * sees it.</summary>
    public async Task<JsonElement> ScrubAsync()
    {
        using var admin = Media.Node.AdminClient();
        var started = await admin.PostAsync("/api/media/scrubs", null, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        JsonElement run = default;
        await Eventually.UntilAsync(async () =>
        {
            run = (await admin.GetFromJsonAsync<JsonElement>("/api/media/scrubs", Ct))[0];
            return run.GetProperty("status").GetString() != "running";
        }, "the scrub run ends", TimeSpan.FromSeconds(60));
        return run;
    }

    /// <summary>A run's findings as (kind, key, outcome), as the client sees them.</summary>
    public static async Task<List<(string Kind, string Key, string Outcome)>> FindingsAsync(HttpClient client, int run)
    {
        var findings = await client.GetFromJsonAsync<JsonElement>($"/api/media/scrubs/{run}/findings", Ct);
        return [.. findings.EnumerateArray().Select(f => (f.GetProperty("kind").GetString()!, f.GetProperty("storageKey").GetString()!,
            f.GetProperty("outcome").GetString()!))];
    }

    public async ValueTask DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        await Media.DisposeAsync();
        await _database.DisposeAsync(); // stops the node before its store's server
        if (_tool is not null) await _tool.DisposeAsync();
        if (_transcription is not null) await _transcription.DisposeAsync();
        foreach (var file in _files) File.Delete(file);
    }
}

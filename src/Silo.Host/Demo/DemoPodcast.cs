using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Media.Archiving.Probing;

namespace Silo.Host.Demo;

/// <summary>
/// On start, a Patreon audio post (a real M4A ffmpeg makes: ten seconds of tone) is ingested through the real
/// <c>POST /api/posts</c> route; once archived it is transcribed by the transcription simulator, so its transcript shows
/// on the post and <c>GET /api/posts?q=podcast</c> finds it.
/// </summary>
internal sealed partial class DemoPodcast(DemoEnvironment demo, IServer server, IHostApplicationLifetime lifetime, ILogger<DemoPodcast> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var folder = Path.Combine(Path.GetTempPath(), $"silo-demo-podcast-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "episode.m4a");
            var made = await ToolRunner.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=16000",
                "-t", "10", "-c:a", "aac", path], TimeSpan.FromMinutes(1), stoppingToken);
            if (made.ExitCode != 0) { LogNoPodcast(made.ErrorTail); return; }
            demo.Cdn.AddFile("podcast-episode-1.m4a", await File.ReadAllBytesAsync(path, stoppingToken), "audio/mp4");
            demo.Transcription.Script.Enqueue("Bienvenidos al podcast de demostración de Silo: hoy hablamos de archivar vídeos y audios.");

            using var http = new HttpClient { BaseAddress = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoEnvironment.AdminKey);
            (await http.PostAsJsonAsync("/api/posts", new
            {
                postId = "900001", source = "patreon", tenant = "demo", message = "Demo podcast, episode 1",
                media = new[] { new { url = demo.Cdn.SignedUrl("podcast-episode-1.m4a"), kind = "audio" } },
            }, stoppingToken)).EnsureSuccessStatusCode();
            LogPodcastPosted();
        }
        catch (Exception e) when (e is ToolFailedException or HttpRequestException)
        {
            LogNoPodcast(e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo podcast posted (patreon:900001); its transcript follows, searchable with q=podcast")]
    private partial void LogPodcastPosted();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo podcast not posted: {Reason}")]
    private partial void LogNoPodcast(string reason);
}

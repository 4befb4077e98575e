using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Simulators.MetaCdn;
using Silo.Simulators.MetaGraph;

namespace Silo.Host.Demo;

/// <summary>
/// On start, the demo's second page (<see cref="DemoEnvironment.BackfillPageId"/>) has a history of
/// 300 posts (photos, albums, videos, shared links, status updates) on the Graph simulator, and its
/// backfill is started through the real <c>POST /api/media/pages/{pageId}/backfill</c> route, so the
/// media page shows its bar filling up.
/// </summary>
internal sealed partial class DemoBackfill(DemoEnvironment demo, IServer server, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<DemoBackfill> logger) : BackgroundService
{
    private const int Posts = 300;
    private const int Attachments = 540;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var seed = 0;
        SimulatedHistory.PopulatePage(demo.Graph, DemoEnvironment.BackfillPageId, Posts, Attachments, time.GetUtcNow().AddDays(-1), TimeSpan.FromHours(7),
            videoBytes: 64 * 1024, imageFile: _ => CdnFile.FromBytes(DemoImages.Gradient(320, 200, seed: 9000 + Interlocked.Increment(ref seed)), "image/png"));
        var address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoEnvironment.AdminKey);
        try
        {
            var response = await http.PostAsJsonAsync($"/api/media/pages/{DemoEnvironment.BackfillPageId}/backfill", new { }, stoppingToken);
            // 409: a walk of an earlier demo run on this database is still going, which shows just as well.
            LogBackfillStarted((int)response.StatusCode, new Uri(address, $"/api/media/pages/{DemoEnvironment.BackfillPageId}/backfill"));
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogBackfillFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo page backfill requested ({Status}); its status: {StatusUrl}")]
    private partial void LogBackfillStarted(int status, Uri statusUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo page backfill could not be started")]
    private partial void LogBackfillFailed(Exception error);
}

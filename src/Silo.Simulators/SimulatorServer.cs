using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Silo.Simulators;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port unless one is given) hosting whichever simulators
/// <paramref name="map"/> mounts, e.g. <c>app.MapMetaCdnSimulator("/cdn", cdn)</c>. Tests and the
/// local demo point the product's base URLs at <see cref="Address"/>.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    public static async Task<SimulatorServer> StartAsync(Action<WebApplication> map, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.ConfigureHttpJsonOptions(_ => { });
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        return new SimulatorServer(app, new Uri(app.Urls.First().TrimEnd('/') + "/"));
    }

    /// <summary>An absolute URL on this server for <paramref name="path"/>.</summary>
    public Uri Url(string path) => new(Address, path.TrimStart('/'));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

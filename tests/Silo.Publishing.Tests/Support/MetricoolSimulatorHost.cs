using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Simulators.Metricool;

namespace Silo.Publishing.Tests.Support;

/// <summary>The Metricool simulator mounted at /metricool of its own app on a free loopback port.</summary>
public sealed class MetricoolSimulatorHost : IAsyncDisposable
{
    public const string Token = "test-metricool-token";

    private readonly WebApplication _app;

    private MetricoolSimulatorHost(WebApplication app, MetricoolSimulator simulator)
    {
        _app = app;
        Simulator = simulator;
        BaseUrl = app.Urls.First().TrimEnd('/') + "/metricool";
    }

    public MetricoolSimulator Simulator { get; }
    public string BaseUrl { get; }

    public static async Task<MetricoolSimulatorHost> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var simulator = new MetricoolSimulator(time) { Token = Token };
        app.MapMetricoolSimulator("/metricool", simulator);
        await app.StartAsync();
        return new MetricoolSimulatorHost(app, simulator);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

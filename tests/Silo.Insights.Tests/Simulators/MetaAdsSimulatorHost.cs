using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Simulators.MetaAds;

namespace Silo.Insights.Tests.Simulators;

/// <summary>The Meta Ads simulator served on a free loopback port, mounted under <c>/ads</c>.</summary>
public sealed class MetaAdsSimulatorHost : IAsyncDisposable
{
    public const string Prefix = "/ads";

    private readonly WebApplication _app;

    private MetaAdsSimulatorHost(WebApplication app, MetaAdsSimulator simulator, Uri address)
    {
        _app = app;
        Simulator = simulator;
        BaseUrl = new Uri(address, Prefix + "/");
    }

    public MetaAdsSimulator Simulator { get; }

    /// <summary>What Silo:Insights:GraphBaseUrl points at.</summary>
    public Uri BaseUrl { get; }

    public static async Task<MetaAdsSimulatorHost> StartAsync(long firstId = 120_000_000_000)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var simulator = new MetaAdsSimulator(firstId: firstId);
        app.MapMetaAdsSimulator(Prefix, simulator);
        await app.StartAsync();
        return new MetaAdsSimulatorHost(app, simulator, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

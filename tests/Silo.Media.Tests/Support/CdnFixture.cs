using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Simulators;
using Silo.Simulators.MetaCdn;

namespace Silo.Media.Tests.Support;

/// <summary>A CDN simulator on a loopback port and a fetcher allowed to reach exactly that endpoint.</summary>
public sealed class CdnFixture : IAsyncLifetime
{
    public MetaCdnSimulator Cdn { get; } = new();
    public SimulatorServer Server { get; private set; } = null!;
    public string Endpoint => $"127.0.0.1:{Server.Address.Port}";

    public async ValueTask InitializeAsync() =>
        Server = await SimulatorServer.StartAsync(app => app.MapMetaCdnSimulator("/cdn", Cdn));

    public MediaFetcher Fetcher(Action<MediaOptions>? configure = null, bool allowLoopback = true)
    {
        var options = new MediaOptions { AllowedHosts = [Endpoint], AllowLoopbackForTesting = allowLoopback, ResponseTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return new MediaFetcher(Options.Create(options));
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

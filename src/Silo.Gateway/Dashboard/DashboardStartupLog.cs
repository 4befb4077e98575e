using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Dashboard;

/// <summary>Prints where the dashboard is once the server listens, so a newcomer can open it from the console.</summary>
internal sealed partial class DashboardStartupLog(IHostApplicationLifetime lifetime, IServer server, SiloNode node,
    Microsoft.Extensions.Options.IOptions<DashboardOptions> options, ILogger<DashboardStartupLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (node.RunsGateway)
            lifetime.ApplicationStarted.Register(() =>
            {
                foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                    LogDashboard($"{address.TrimEnd('/')}/dashboard",
                        options.Value.OrleansDashboard ? $"{address.TrimEnd('/')}{Endpoints.OrleansDashboardEndpoints.Path}/" : "off");
            });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard: {Url} (Orleans Dashboard: {OrleansUrl}; sign in at /signin with an API key)")]
    private partial void LogDashboard(string url, string orleansUrl);
}

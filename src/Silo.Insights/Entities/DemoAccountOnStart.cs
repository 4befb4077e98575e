using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Silo.Insights.Entities;

/// <summary>
/// Connects <see cref="InsightsOptions.DemoAccountId"/> at start-up, so a fresh demo node shows
/// insights without a call. Every node may do it: a reconnect of the same account only rediscovers.
/// Registered after Orleans, so the silo (or the client's gateway connection) is up first.
/// </summary>
internal sealed class DemoAccountOnStart(AccountConnector connector, IOptions<InsightsOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DemoAccountId is not { } account) return;
        // The operator's own configuration connects it, so it acts as tenant * (the owner check still applies: a
        // Silo:Tenants listing of the account for another tenant wins, and nothing is connected).
        await connector.ConnectAsync(account, options.Value.DemoTenant, $"Demo {account}", AccountConnector.ClusterToken, "*");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;
using Silo.Insights.Accounts;

namespace Silo.Host.Demo;

/// <summary>
/// Connects the demo's ad account at start-up, so a fresh demo node shows insights without a call. Every node of a
/// demo may do it (a reconnect of the same account only rediscovers). Registered after Orleans, so the silo (or the
/// client's gateway connection) is up first.
/// </summary>
internal sealed class DemoAdAccount(AccountConnector connector) : IHostedService
{
    /// <summary>The stub ad account the demo tenant owns.</summary>
    public const string AccountId = "act_1001";

    public async Task StartAsync(CancellationToken cancellationToken) =>
        // The demo's own configuration connects it, so it acts as tenant * (the owner check still applies: a
        // Silo:Tenants listing of the account for another tenant wins, and nothing is connected).
        await connector.ConnectAsync(AccountId, DemoEnvironment.Tenant, $"Demo {AccountId}", AccountConnector.ClusterToken, "*");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;
using Silo.Insights.Accounts;

namespace Silo.Host.Demo;

/// <summary>
/// Connects the demo's ad account once the node has started, so a fresh demo node shows insights without a call. Every
/// node of a demo may do it (a reconnect of the same account only rediscovers). It waits for the start because the demo's
/// services are registered before Orleans': the silo (or the client's gateway connection) must be up first.
/// </summary>
internal sealed class DemoAdAccount(AccountConnector connector, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>The stub ad account the demo tenant owns.</summary>
    public const string AccountId = "act_1001";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        // The demo's own configuration connects it, so it acts as tenant * (the owner check still applies: a
        // Silo:Tenants listing of the account for another tenant wins, and nothing is connected).
        await connector.ConnectAsync(AccountId, DemoEnvironment.Tenant, $"Demo {AccountId}", AccountConnector.ClusterToken, "*");
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Silo.Insights.Entities;

/// <summary>Connects <see cref="InsightsOptions.DemoAccountId"/> at start-up, so a fresh demo node shows insights without a call.</summary>
internal sealed class DemoAccountOnStart(AccountConnector connector, IOptions<InsightsOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DemoAccountId is not { } account) return;
        await connector.ConnectAsync(account, options.Value.DemoTenant, $"Demo {account}", "META_ACCESS_TOKEN", $"demo-connect:{account}", cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

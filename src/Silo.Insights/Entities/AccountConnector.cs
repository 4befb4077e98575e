namespace Silo.Insights.Entities;

/// <summary>POST /meta/insights/accounts: the account grain stores the connection and schedules discovery before this returns.</summary>
public sealed class AccountConnector(IGrainFactory grains)
{
    public Task ConnectAsync(string accountId, string tenant, string name, string tokenRef) =>
        grains.Account(accountId).Connect(new AccountConnection(tenant, name, tokenRef));
}

using Silo.Insights.Hosting;
namespace Silo.Insights.Accounts;

/// <summary>POST /meta/insights/accounts: the account grain stores the connection and schedules discovery before this returns.</summary>
public sealed class AccountConnector(IGrainFactory grains)
{
    /// <summary>The operator's own Meta token, which only a tenant-<c>*</c> key may name for an account.</summary>
    public const string ClusterToken = "META_ACCESS_TOKEN";

    /// <summary>False, changing nothing, when the account grain refuses the connection (see <see cref="IAdAccountGrain.Connect"/>).</summary>
    public Task<bool> ConnectAsync(string accountId, string tenant, string name, string tokenRef, string callerTenant) =>
        grains.Account(accountId).Connect(new AccountConnection(tenant, name, tokenRef, callerTenant));
}

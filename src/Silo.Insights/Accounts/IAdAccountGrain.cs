namespace Silo.Insights.Accounts;

/// <summary>An ad account (key: <c>act_1001</c>): discovers its campaigns, ad sets and ads on a period and tells their grains.</summary>
[Alias("silo.insights.IAdAccountGrain")]
public interface IAdAccountGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the connection and schedules discovery (now, then every interval); returns true once both are persisted, or
    /// false, changing nothing, when the account or the token is not the connection's tenant's, or the caller does not act for it.
    /// </summary>
    [Alias("Connect")]
    Task<bool> Connect(AccountConnection connection);
}

namespace Silo.Insights.Entities;

/// <summary>An ad account (key: <c>act_1001</c>): discovers its campaigns, ad sets and ads on a period and tells their grains.</summary>
[Alias("silo.insights.IAdAccountGrain")]
public interface IAdAccountGrain : IGrainWithStringKey
{
    /// <summary>Stores the connection and schedules discovery (now, then every interval); returns once both are persisted.</summary>
    [Alias("Connect")]
    Task Connect(AccountConnection connection);
}

namespace Silo.Insights.Accounts;

/// <summary>The answer to POST /meta/insights/accounts.</summary>
public sealed record ConnectedAccount(string AccountId, string Tenant, string Name, string TokenRef, string Status);

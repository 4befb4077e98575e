namespace Silo.Insights.Accounts;

/// <summary>
/// A connected ad account as every grain of it reads it, with the database clock at the read.
/// <paramref name="Connection"/> counts its connects: a token-expiry stop applies to the connection read;
/// <paramref name="UsagePercent"/> is the last usage Meta reported for it.
/// </summary>
public sealed record AdAccount(string AccountId, string Tenant, string Name, string TokenRef, string Status,
    DateTimeOffset? ThrottledUntil, DateTimeOffset Now, long Connection = 1, double UsagePercent = 0)
{
    public const string Active = "active";
    public const string TokenExpired = "token_expired";

    /// <summary>How long every grain of the account must still wait before its next Graph API call.</summary>
    public TimeSpan ThrottledFor => ThrottledUntil is { } until && until > Now ? until - Now : TimeSpan.Zero;
}

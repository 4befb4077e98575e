namespace Silo.Insights.Accounts;

/// <summary>
/// Connects (or reconnects) an ad account: its tenant, display name and the configuration key of its token, as asked by a
/// key of <paramref name="CallerTenant"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.insights.AccountConnection")]
public sealed record AccountConnection([property: Id(0)] string Tenant, [property: Id(1)] string Name, [property: Id(2)] string TokenRef,
    [property: Id(3)] string CallerTenant);

namespace Silo.Insights.Entities;

/// <summary>Connects (or reconnects) an ad account: its tenant, display name and the configuration key of its token.</summary>
[GenerateSerializer, Immutable, Alias("silo.insights.AccountConnection")]
public sealed record AccountConnection([property: Id(0)] string Tenant, [property: Id(1)] string Name, [property: Id(2)] string TokenRef);

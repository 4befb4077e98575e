namespace Silo.Insights.Entities;

/// <summary>
/// Discovery found the entity (new, or its status or creative changed): an active one refreshes, a paused or removed one
/// stops; an ad archives a <paramref name="CreativeId"/> it has not archived yet.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.insights.EntityDiscovered")]
public sealed record EntityDiscovered([property: Id(0)] string AccountId, [property: Id(1)] string CampaignId, [property: Id(2)] string? AdSetId,
    [property: Id(3)] bool Active, [property: Id(4)] string? CreativeId = null);

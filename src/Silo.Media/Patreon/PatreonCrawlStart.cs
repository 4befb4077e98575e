namespace Silo.Media.Patreon;

/// <summary>Start crawling campaign <paramref name="CampaignId"/> for <paramref name="Tenant"/>, as asked by a key of <paramref name="CallerTenant"/>.</summary>
[GenerateSerializer, Immutable, Alias("silo.media.PatreonCrawlStart")]
public sealed record PatreonCrawlStart([property: Id(0)] string CampaignId, [property: Id(1)] string Tenant, [property: Id(2)] string CallerTenant);

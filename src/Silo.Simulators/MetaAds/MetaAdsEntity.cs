namespace Silo.Simulators.MetaAds;

/// <summary>A campaign, ad set or ad the simulated ad account holds.</summary>
public sealed record MetaAdsEntity(string Id, string Level, string AccountId, string CampaignId, string? AdSetId, string Name, string EffectiveStatus);

namespace Silo.Insights.Entities;

/// <summary>
/// One entity's figures for one day (a <c>meta_ad_insights</c> row). Ratios are derived from the raw
/// counts here, in one place, so stub and live rows are computed alike.
/// </summary>
[GenerateSerializer, Immutable, Alias("silo.insights.InsightRow")]
public sealed record InsightRow([property: Id(0)] string AccountId, [property: Id(1)] string EntityType, [property: Id(2)] string? CampaignId,
    [property: Id(3)] string? AdSetId, [property: Id(4)] string? AdId, [property: Id(5)] DateOnly Date, [property: Id(6)] decimal Spend,
    [property: Id(7)] long Impressions, [property: Id(8)] long Clicks, [property: Id(9)] long Conversions, [property: Id(10)] decimal Revenue,
    [property: Id(11)] long Reach, [property: Id(12)] long UniqueClicks)
{
    public decimal Ctr => Impressions == 0 ? 0 : Math.Round(Clicks * 100m / Impressions, 4);
    public decimal Cpc => Clicks == 0 ? 0 : Math.Round(Spend / Clicks, 4);
    public decimal Roas => Spend == 0 ? 0 : Math.Round(Revenue / Spend, 4);
    public decimal Frequency => Reach == 0 ? 0 : Math.Round((decimal)Impressions / Reach, 4);
    public decimal CostPerConversion => Conversions == 0 ? 0 : Math.Round(Spend / Conversions, 4);

    /// <summary>A row keyed as seed 004's unique key expects for <paramref name="entity"/>'s level.</summary>
    /// <summary>The id of the entity the row belongs to: its ad, ad set or campaign, by its level.</summary>
    public string EntityId => EntityType switch { AdEntityType.Ad => AdId!, AdEntityType.AdSet => AdSetId!, _ => CampaignId! };

    public static InsightRow For(AdEntityRef entity, DateOnly date, decimal spend, long impressions, long clicks, long conversions,
        decimal revenue, long reach, long uniqueClicks) =>
        new(entity.AccountId, entity.EntityType, entity.CampaignId,
            entity.EntityType == AdEntityType.Campaign ? null : entity.AdSetId,
            entity.EntityType == AdEntityType.Ad ? entity.EntityId : null,
            date, Math.Round(spend, 2), impressions, clicks, conversions, Math.Round(revenue, 2), reach, uniqueClicks);
}

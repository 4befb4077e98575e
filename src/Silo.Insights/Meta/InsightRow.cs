namespace Silo.Insights.Meta;

/// <summary>
/// One entity's figures for one day (a <c>meta_ad_insights</c> row). Ratios are derived from the raw
/// counts here, in one place, so stub and live rows are computed alike.
/// </summary>
public sealed record InsightRow(string AccountId, string EntityType, string? CampaignId, string? AdSetId, string? AdId, DateOnly Date,
    decimal Spend, long Impressions, long Clicks, long Conversions, decimal Revenue, long Reach, long UniqueClicks)
{
    public decimal Ctr => Impressions == 0 ? 0 : Math.Round(Clicks * 100m / Impressions, 4);
    public decimal Cpc => Clicks == 0 ? 0 : Math.Round(Spend / Clicks, 4);
    public decimal Roas => Spend == 0 ? 0 : Math.Round(Revenue / Spend, 4);
    public decimal Frequency => Reach == 0 ? 0 : Math.Round((decimal)Impressions / Reach, 4);
    public decimal CostPerConversion => Conversions == 0 ? 0 : Math.Round(Spend / Conversions, 4);

    /// <summary>A row keyed as seed 004's unique key expects for <paramref name="entity"/>'s level.</summary>
    public static InsightRow For(AdEntityRef entity, DateOnly date, decimal spend, long impressions, long clicks, long conversions,
        decimal revenue, long reach, long uniqueClicks) =>
        new(entity.AccountId, entity.EntityType, entity.CampaignId,
            entity.EntityType == AdEntityType.Campaign ? null : entity.AdSetId,
            entity.EntityType == AdEntityType.Ad ? entity.EntityId : null,
            date, Math.Round(spend, 2), impressions, clicks, conversions, Math.Round(revenue, 2), reach, uniqueClicks);
}

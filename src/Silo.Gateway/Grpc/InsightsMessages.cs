using Silo.Gateway.Grpc.V1;
using Silo.Gateway.Operations;
using Queries = Silo.Insights.Queries;
using Sync = Silo.Insights.Sync;

namespace Silo.Gateway.Grpc;

/// <summary>Insights reports as <c>silo.v1</c> messages.</summary>
internal static class InsightsMessages
{
    public static Overview From(Queries.Overview overview)
    {
        var message = new Overview
        {
            Timestamp = ProtoValues.Time(overview.Timestamp),
            DateRange = From(overview.DateRange),
            TotalCampaigns = overview.TotalCampaigns,
            ActiveCampaigns = overview.ActiveCampaigns,
            GlobalMetrics = From(overview.GlobalMetrics),
            PreviousDateRange = From(overview.PreviousPeriod.DateRange),
            PreviousMetrics = From(overview.PreviousPeriod.GlobalMetrics),
            LastSync = overview.LastSync is { } last ? From(last) : null,
        };
        message.TopCampaigns.AddRange(overview.TopCampaigns.Select(c => new TopCampaign
        {
            CampaignId = c.CampaignId, CampaignName = c.CampaignName, Status = c.Status, Metrics = From(c.Metrics),
        }));
        return message;
    }

    public static EntityInsights From(InsightsOperations.EntityDays found)
    {
        var (entity, range, days) = (found.Entity, found.Range, found.Days);
        var totals = Queries.EntityInsights.From(entity.EntityId, entity.EntityType, range, days).Totals;
        var message = new EntityInsights
        {
            EntityId = entity.EntityId, EntityType = entity.EntityType, Name = entity.Name, DateRange = From(range), Totals = From(totals),
        };
        message.Days.AddRange(days.Select(d => new InsightDay
        {
            DateStart = ProtoValues.Day(d.DateStart),
            DateEnd = ProtoValues.Day(d.DateEnd),
            Spend = ProtoValues.Decimal(d.Spend),
            Impressions = d.Impressions,
            Clicks = d.Clicks,
            Conversions = d.Conversions,
            Revenue = ProtoValues.Decimal(d.Revenue),
            Ctr = ProtoValues.Decimal(d.Ctr),
            Cpc = ProtoValues.Decimal(d.Cpc),
            Roas = ProtoValues.Decimal(d.Roas),
            Reach = d.Reach,
        }));
        return message;
    }

    public static SyncReport From(Sync.SyncReport report)
    {
        var message = new SyncReport
        {
            SyncId = report.SyncId.ToString(),
            SyncTimestamp = ProtoValues.Time(report.SyncTimestamp),
            SyncType = report.SyncType,
            Mode = report.Mode,
            DaysBack = report.DaysBack,
            Campaigns = From(report.Campaigns),
            Adsets = From(report.AdSets),
            Ads = From(report.Ads),
            TotalDurationSeconds = report.TotalDurationSeconds,
            Success = report.Success,
            Status = report.Status,
            RowsUpserted = report.RowsUpserted,
        };
        message.Errors.AddRange(report.Errors);
        if (report.ExpectedEntities is { } expected) message.ExpectedEntities = expected;
        return message;
    }

    private static EntityCounts From(Sync.EntityCounts counts) => new()
    {
        Processed = counts.Processed, Success = counts.Success, Errors = counts.Errors, RowsInserted = counts.RowsInserted, RowsUpdated = counts.RowsUpdated,
    };

    private static DateRange From(Queries.DateRange range) => new() { Start = ProtoValues.Day(range.Start), End = ProtoValues.Day(range.End) };

    private static Metrics From(Queries.Metrics metrics) => new()
    {
        Spend = ProtoValues.Decimal(metrics.Spend),
        Impressions = metrics.Impressions,
        Clicks = metrics.Clicks,
        Conversions = metrics.Conversions,
        Revenue = ProtoValues.Decimal(metrics.Revenue),
        Ctr = ProtoValues.Decimal(metrics.Ctr),
        Cpc = ProtoValues.Decimal(metrics.Cpc),
        Roas = ProtoValues.Decimal(metrics.Roas),
    };
}

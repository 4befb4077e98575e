using System.Globalization;
using Silo.Hosting.Hosting;

namespace Silo.Insights.Hosting;

/// <summary>Seed 004's environment names for <see cref="InsightsOptions"/>, so a deployment written for the seed keeps working.</summary>
internal static class InsightsEnvironment
{
    public static void Map(SeedNames<InsightsOptions> names) => names
        .Map("META_INSIGHTS_MODE", nameof(InsightsOptions.Mode), (o, v) => o.Mode = Enum.Parse<InsightsMode>(v, ignoreCase: true))
        .Map("INSIGHTS_SYNC_ENABLED", nameof(InsightsOptions.SyncEnabled), (o, v) => o.SyncEnabled = bool.Parse(v))
        .Map("INSIGHTS_SYNC_INTERVAL_MINUTES", nameof(InsightsOptions.SyncInterval), (o, v) => o.SyncInterval = TimeSpan.FromMinutes(Number(v)))
        .Map("META_API_RATE_LIMIT_RETRY_DELAY", nameof(InsightsOptions.RateLimitRetryDelay), (o, v) => o.RateLimitRetryDelay = TimeSpan.FromSeconds(Number(v)))
        .Map("META_API_MAX_RETRIES", nameof(InsightsOptions.MaxRetries), (o, v) => o.MaxRetries = int.Parse(v, CultureInfo.InvariantCulture))
        .Map("META_APP_SECRET", nameof(InsightsOptions.AppSecret), (o, v) => o.AppSecret = v)
        .Map("INSIGHTS_MAX_DAYS_BACK", nameof(InsightsOptions.MaxDaysBack), (o, v) => o.MaxDaysBack = int.Parse(v, CultureInfo.InvariantCulture))
        .Map("INSIGHTS_DEFAULT_BATCH_SIZE", nameof(InsightsOptions.CampaignBatchSize), (o, v) => o.CampaignBatchSize = int.Parse(v, CultureInfo.InvariantCulture));

    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}

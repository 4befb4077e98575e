using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Silo.Insights.Hosting;

/// <summary>
/// Maps seed 004's environment names onto <see cref="InsightsOptions"/>, so a deployment written for
/// the seed keeps working. A value under <c>Silo:Insights</c> wins over its seed name.
/// </summary>
internal static class InsightsEnvironment
{
    public static void Apply(IConfiguration configuration, InsightsOptions options)
    {
        var section = configuration.GetSection(InsightsOptions.Section);
        Map(configuration, section, "META_INSIGHTS_MODE", nameof(InsightsOptions.Mode), v => options.Mode = Enum.Parse<InsightsMode>(v, ignoreCase: true));
        Map(configuration, section, "INSIGHTS_SYNC_ENABLED", nameof(InsightsOptions.SyncEnabled), v => options.SyncEnabled = bool.Parse(v));
        Map(configuration, section, "INSIGHTS_SYNC_INTERVAL_MINUTES", nameof(InsightsOptions.SyncInterval),
            v => options.SyncInterval = TimeSpan.FromMinutes(double.Parse(v, CultureInfo.InvariantCulture)));
        Map(configuration, section, "META_API_RATE_LIMIT_RETRY_DELAY", nameof(InsightsOptions.RateLimitRetryDelay),
            v => options.RateLimitRetryDelay = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)));
        Map(configuration, section, "META_API_MAX_RETRIES", nameof(InsightsOptions.MaxRetries), v => options.MaxRetries = int.Parse(v, CultureInfo.InvariantCulture));
        Map(configuration, section, "META_APP_SECRET", nameof(InsightsOptions.AppSecret), v => options.AppSecret = v);
        Map(configuration, section, "INSIGHTS_MAX_DAYS_BACK", nameof(InsightsOptions.MaxDaysBack), v => options.MaxDaysBack = int.Parse(v, CultureInfo.InvariantCulture));
        Map(configuration, section, "INSIGHTS_DEFAULT_BATCH_SIZE", nameof(InsightsOptions.CampaignBatchSize),
            v => options.CampaignBatchSize = int.Parse(v, CultureInfo.InvariantCulture));
    }

    private static void Map(IConfiguration configuration, IConfigurationSection section, string seedName, string option, Action<string> apply)
    {
        var value = configuration[seedName];
        if (string.IsNullOrWhiteSpace(value) || section[option] is not null) return;
        try
        {
            apply(value.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(seedName, typeof(InsightsOptions),
                [$"{seedName}: '{value}' is not a valid value for {InsightsOptions.Section}:{option}."]);
        }
    }
}

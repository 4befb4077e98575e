using Microsoft.Extensions.Logging;

namespace Silo.Media.Patreon;

public sealed partial class PatreonCrawlGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Patreon crawl {CampaignId}: run {Run} started")]
    private static partial void LogStarted(ILogger logger, string campaignId, int run);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patreon crawl {CampaignId}: done, {Posts} posts listed, {Details} handed on, {Tiers} tiers")]
    private static partial void LogDone(ILogger logger, string campaignId, int posts, int details, int tiers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Patreon crawl {CampaignId}: post {PostId} is gone (404)")]
    private static partial void LogPostGone(ILogger logger, string campaignId, string postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patreon crawl {CampaignId}: rate limited (429), waiting {Wait}")]
    private static partial void LogRateLimited(ILogger logger, string campaignId, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patreon crawl {CampaignId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string campaignId, string reason);
}

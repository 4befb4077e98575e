using Microsoft.Extensions.Logging;

namespace Silo.Insights.Entities;

public abstract partial class AdEntityGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId} rate-limited on {EntityId} (code {Code}); whole account held for {Wait} (retry {Retry})")]
    private static partial void LogRateLimited(ILogger logger, string accountId, string entityId, int code, TimeSpan wait, int retry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ad account {AccountId}: access token expired (code 190) on {EntityId}; refresh stopped and alert raised")]
    private static partial void LogTokenExpired(ILogger logger, string accountId, string entityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId}: a refresh step of {EntityId} failed; tried again after the backstop period")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string accountId, string entityId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ad {AdId}: creative {CreativeId} archived ({Files} files, {NewFiles} newly stored)")]
    private static partial void LogCreativeArchived(ILogger logger, string adId, string creativeId, int files, int newFiles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad {AdId}: archiving creative {CreativeId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogCreativeFailed(ILogger logger, string adId, string creativeId, int attempt, string error);
}

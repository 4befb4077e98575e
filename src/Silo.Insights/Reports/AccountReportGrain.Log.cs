using Microsoft.Extensions.Logging;

namespace Silo.Insights.Reports;

public sealed partial class AccountReportGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId} rate-limited on its {Level} report (code {Code}); whole account held for {Wait} (retry {Retry})")]
    private static partial void LogRateLimited(ILogger logger, string accountId, string level, int code, TimeSpan wait, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId}: {Level} report for {Since}..{Until} failed ({Error}); asking again in two halves")]
    private static partial void LogSplit(ILogger logger, string accountId, string level, DateOnly since, DateOnly until, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ad account {AccountId}: {Level} report failed on an unexpected error; its entities' refresh fails and is retried")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string accountId, string level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ad account {AccountId}: {Level} report stopped (its node stopping, or the grain deactivating); its entities' next fetch starts it again")]
    private static partial void LogStopped(ILogger logger, string accountId, string level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ad account {AccountId}: {Level} report ended {Status} with {Entities} entities, {Rows} rows")]
    private static partial void LogEnded(ILogger logger, string accountId, string level, ReportStatus status, int entities, int rows);
}

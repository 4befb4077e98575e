using Microsoft.Extensions.Logging;

namespace Silo.Media.Backfill;

public sealed partial class BackfillGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "History walk {Key}: run {Run} started")]
    private static partial void LogStarted(ILogger logger, string key, int run);

    [LoggerMessage(Level = LogLevel.Information, Message = "History walk {Key}: done, {Pages} pages, {Posts} posts handed on")]
    private static partial void LogDone(ILogger logger, string key, int pages, int posts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History walk {Key}: rate limited by Meta (code {Code}), resting {Rest}")]
    private static partial void LogRateLimited(ILogger logger, string key, int code, TimeSpan rest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History walk {Key} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string key, string reason);
}

using Microsoft.Extensions.Logging;

namespace Silo.Media.Export;

public sealed partial class ExportGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Key} of tenant {Tenant} started: {Posts} posts")]
    private static partial void LogStarted(ILogger logger, string key, string tenant, int posts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Key} done: {Posts} posts, {Bytes} bytes")]
    private static partial void LogDone(ILogger logger, string key, int posts, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {Key}: failure {Failures} in a row, trying again later: {Error}")]
    private static partial void LogRetrying(ILogger logger, string key, int failures, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Key} of tenant {Tenant} expired: {Segments} segments deleted from the store")]
    private static partial void LogExpired(ILogger logger, string key, string tenant, int segments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export {Key} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string key, string reason);
}

using Microsoft.Extensions.Logging;

namespace Silo.Media.Deletion;

public sealed partial class PurgeGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Purge {Key} stopped by {Actor} after {Deleted} posts")]
    private static partial void LogCancelled(ILogger logger, string key, string actor, int deleted);
}

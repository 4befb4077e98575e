using Microsoft.Extensions.Logging;

namespace Silo.Media.Archiving;

public sealed partial class GuardedProxy
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Guarded proxy refused {Host}:{Port}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guarded proxy could not accept a connection: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Guarded proxy connection ended: {Error}")]
    private static partial void LogConnectionEnded(ILogger logger, string error);
}

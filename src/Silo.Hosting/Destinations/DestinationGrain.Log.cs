using Microsoft.Extensions.Logging;

namespace Silo.Hosting.Destinations;

public sealed partial class DestinationGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Destination {Destination}: event {EventId} attempt {Attempt} failed ({Error}); next try at {Next}")]
    private static partial void LogAttemptFailed(ILogger logger, long destination, long eventId, int attempt, string? error, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destination {Destination}: a delivery step failed; it is tried again after the first delay")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, long destination);
}

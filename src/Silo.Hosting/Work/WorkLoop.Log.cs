using Microsoft.Extensions.Logging;

namespace Silo.Hosting.Work;

public sealed partial class WorkLoop
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId}: a step was interrupted; the work goes on from the stored state")]
    private static partial void LogStepInterrupted(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId}: the finished work's reminder could not be removed yet; the next tick tries again")]
    private static partial void LogReminderNotRemoved(ILogger logger, Exception exception, GrainId grainId);
}

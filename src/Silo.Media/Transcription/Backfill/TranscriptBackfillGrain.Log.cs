using Microsoft.Extensions.Logging;

namespace Silo.Media.Transcription.Backfill;

public sealed partial class TranscriptBackfillGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Transcript backfill {Key}: run {Run} started, {Files} files without a transcript")]
    private static partial void LogStarted(ILogger logger, string key, int run, int files);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcript backfill {Key}: every file handed on ({Files})")]
    private static partial void LogDone(ILogger logger, string key, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript backfill {Key}: failure {Failures} in a row, trying again later: {Error}")]
    private static partial void LogRetrying(ILogger logger, string key, int failures, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript backfill {Key} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string key, string reason);
}

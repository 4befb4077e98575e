using Microsoft.Extensions.Logging;

namespace Silo.Media.Transcription;

public sealed partial class TranscriptGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcription of {Sha256} was interrupted; its reminder resumes it")]
    private static partial void LogWorkInterrupted(ILogger logger, Exception exception, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcription of {Sha256} failed ({ErrorType}, {Failures} in a row); final: {Final}")]
    private static partial void LogCallFailed(ILogger logger, string sha256, string errorType, int failures, bool final);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcribed {Sha256}: {Parts} part(s), {Calls} call(s)")]
    private static partial void LogTranscribed(ILogger logger, string sha256, int parts, int calls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transcript of {Sha256}: {TextKey} and {VttKey} stored again from its parts")]
    private static partial void LogFilesStoredAgain(ILogger logger, string sha256, string textKey, string vttKey);
}

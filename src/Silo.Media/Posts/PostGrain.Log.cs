using Microsoft.Extensions.Logging;

namespace Silo.Media.Posts;

public sealed partial class PostGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId}: link of {Slot} expired; refreshing through the Graph API")]
    private static partial void LogLinkExpired(ILogger logger, string postId, string slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId}: archive attempt {Attempt} failed ({ErrorType}): {Error}")]
    private static partial void LogArchiveFailed(ILogger logger, string postId, int attempt, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId}: archive work interrupted")]
    private static partial void LogWorkInterrupted(ILogger logger, Exception exception, string postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId}: its transcripts could not be requested; its reminder asks again")]
    private static partial void LogTranscriptsNotRequested(ILogger logger, Exception exception, string postId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} deleted by {Actor} ({Reason})")]
    private static partial void LogDeleted(ILogger logger, string postId, string actor, string reason);
}

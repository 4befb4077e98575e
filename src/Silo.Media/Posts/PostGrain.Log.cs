using Microsoft.Extensions.Logging;

namespace Silo.Media.Posts;

public sealed partial class PostGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId}: link of {Slot} expired; refreshing through the Graph API")]
    private static partial void LogLinkExpired(ILogger logger, string postId, string slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId}: archive attempt {Attempt} failed ({ErrorType})")]
    private static partial void LogArchiveFailed(ILogger logger, string postId, int attempt, string errorType);
}

using Microsoft.Extensions.Logging;

namespace Silo.Media.Intake;

public sealed partial class IntakeShardGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake shard {Shard}: pickup failed; its rows stay and are read again")]
    private static partial void LogPickupFailed(ILogger logger, Exception exception, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake: post {PostId} is another tenant's than {Tenant}; its change (row {RowId}) is dropped")]
    private static partial void LogOtherTenant(ILogger logger, string postId, string tenant, long rowId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake: post {PostId}'s change (row {RowId}) failed try {Try}; it is tried again later")]
    private static partial void LogHandOverFailed(ILogger logger, Exception exception, string postId, long rowId, int @try);

    [LoggerMessage(Level = LogLevel.Error, Message = "Intake: post {PostId}'s change (row {RowId}) is parked after {Tries} tries; an alert is raised")]
    private static partial void LogParked(ILogger logger, Exception exception, string postId, long rowId, int tries);
}

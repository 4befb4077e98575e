using Microsoft.Extensions.Logging;

namespace Silo.Publishing.Batches;

public sealed partial class PublishBatchGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: creating clip {ClipIndex} in Metricool (attempt {Attempt})")]
    private partial void LogUploading(string batchId, int clipIndex, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: outcome of creating clip {ClipIndex} is unknown ({Reason}); it will be looked up, not repeated")]
    private partial void LogOutcomeUnknown(string batchId, int clipIndex, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: clip {ClipIndex} found in Metricool by its key (post {PostId})")]
    private partial void LogFoundByLookup(string batchId, int clipIndex, long? postId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: clip {ClipIndex} failed: {Error}")]
    private partial void LogClipFailed(string batchId, int clipIndex, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId}: clip {ClipIndex} is unconfirmed ({Reason}); the batch waits for a person")]
    private partial void LogUnconfirmed(string batchId, int clipIndex, string reason);
}

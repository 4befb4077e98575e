using Orleans.Storage;
using Silo.Hosting.Work;

namespace Silo.Media.Export;

/// <summary>One step: the next segment of posts stored and the checkpoint written, or, with no post left, the archive's end.</summary>
public sealed partial class ExportGrain
{
    /// <summary>While it runs: at once, or after a retry's wait.</summary>
    private DateTimeOffset? NextStepAt() => State.Exists && State.Status == ExportStatus.Running ? State.NotBefore ?? WorkLoop.AtOnce : null;

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var posts = await queries.NextPostsAsync(Request, State.Cursor, options.Value.PostsPerSegment, cancellationToken);
            if (posts.Count == 0)
            {
                var end = await writer.WriteEndAsync(Key, State.Segments, State, cancellationToken);
                (State.ArchiveBytes, State.Status, State.FinishedAt) = (State.ArchiveBytes + end, ExportStatus.Done, time.GetUtcNow());
                (State.PostsFound, State.FailuresInRow, State.NotBefore, State.LastError) = (State.PostsWritten, 0, null, null);
                await export.WriteStateAsync();
                LogDone(logger, Key, State.PostsWritten, State.ArchiveBytes);
                return;
            }
            var segment = await writer.WriteSegmentAsync(Key, State.Segments + 1, posts, cancellationToken);
            State.Segments++;
            State.Cursor = posts[^1];
            State.PostsWritten += segment.Posts;
            State.FilesWritten += segment.Files;
            State.ArchiveBytes += segment.Bytes;
            // Posts created since the start may come after the cursor.
            State.PostsFound = Math.Max(State.PostsFound, State.PostsWritten);
            (State.FailuresInRow, State.NotBefore, State.LastError) = (0, null, null);
            await export.WriteStateAsync();
        }
        catch (Exception e) when (e is not InconsistentStateException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await RecordFailureAsync(e.Message);
        }
    }

    /// <summary>The database or the store did not answer: tried again after a wait that doubles, until MaxAttempts in a row.</summary>
    private async Task RecordFailureAsync(string error)
    {
        var o = options.Value;
        State.FailuresInRow++;
        if (State.FailuresInRow >= o.MaxAttempts)
        {
            (State.Status, State.LastError, State.FinishedAt, State.NotBefore) =
                (ExportStatus.Failed, $"{State.FailuresInRow} failures in a row; last: {error}", time.GetUtcNow(), null);
            await export.WriteStateAsync();
            LogFailed(logger, Key, State.LastError);
            return;
        }
        (State.NotBefore, State.LastError) = (time.GetUtcNow() + o.RetryWait(State.FailuresInRow), error);
        LogRetrying(logger, Key, State.FailuresInRow, error);
        await export.WriteStateAsync();
    }
}

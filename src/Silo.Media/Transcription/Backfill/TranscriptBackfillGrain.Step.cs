using Orleans.Storage;
using Silo.Hosting.Work;

namespace Silo.Media.Transcription.Backfill;

/// <summary>One step: as many files handed on as there is room for in flight, and the last of them stored as the cursor.</summary>
public sealed partial class TranscriptBackfillGrain
{
    /// <summary>While it runs: at once, or after its retry wait or its rest while the files in flight are transcribed.</summary>
    private DateTimeOffset? NextStepAt() => State.Exists && State.Status == TranscriptBackfillStatus.Running
        ? Later(State.NotBefore, _fullUntil) ?? WorkLoop.AtOnce
        : null;

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        _fullUntil = null;
        var o = options.Value;
        if (!o.Enabled)
        {
            await FailAsync("transcription was switched off (Silo:Transcription:Enabled) while the backfill ran; start it again once it is on");
            return;
        }
        IReadOnlyList<TranscriptCandidate> group;
        try
        {
            var room = o.BackfillInFlight - await files.InFlightAsync(Key, State.Run, cancellationToken);
            if (room <= 0)
            {
                _fullUntil = time.GetUtcNow() + o.BackfillPollInterval;
                return;
            }
            group = await files.UntranscribedAsync(Scope.Tenant, Scope.Source, State.Cursor, room, cancellationToken);
            // Every request is stored by its transcript grain before the cursor moves past it: a step cut short here hands the
            // same files on again, and each grain leaves a file it already holds as it is.
            await Task.WhenAll(group.Select(f => GrainFactory.GetGrain<ITranscriptGrain>(f.Sha256).Request(f.Request)));
        }
        catch (Exception e) when (e is not InconsistentStateException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await RecordFailureAsync(e.Message);
            return;
        }
        await RecordHandedAsync(group);
    }

    private async Task RecordHandedAsync(IReadOnlyList<TranscriptCandidate> group)
    {
        (State.FailuresInRow, State.NotBefore, State.LastError) = (0, null, null);
        if (group.Count == 0)
        {
            (State.Status, State.FinishedAt, State.FilesFound) = (TranscriptBackfillStatus.Done, time.GetUtcNow(), Math.Max(State.FilesFound, State.FilesHanded));
            await walk.WriteStateAsync();
            LogDone(logger, Key, State.FilesHanded);
            return;
        }
        State.Cursor = group[^1].Sha256;
        State.FilesHanded += group.Count;
        // Files archived since the start (their posts ask for their own transcripts too) may come after the cursor.
        State.FilesFound = Math.Max(State.FilesFound, State.FilesHanded);
        State.HandedFiles = [.. group.Select(f => f.Sha256)];
        await walk.WriteStateAsync();
    }

    /// <summary>The database or a transcript grain did not answer: tried again after a wait that doubles, until MaxAttempts in a row.</summary>
    private async Task RecordFailureAsync(string error)
    {
        var o = options.Value;
        State.FailuresInRow++;
        if (State.FailuresInRow >= o.MaxAttempts)
        {
            await FailAsync($"{State.FailuresInRow} failures in a row; last: {error}");
            return;
        }
        (State.NotBefore, State.LastError) = (time.GetUtcNow() + o.RetryDelay(State.FailuresInRow), error);
        LogRetrying(logger, Key, State.FailuresInRow, error);
        await walk.WriteStateAsync();
    }

    private async Task FailAsync(string reason)
    {
        (State.Status, State.LastError, State.FinishedAt, State.NotBefore) = (TranscriptBackfillStatus.Failed, reason, time.GetUtcNow(), null);
        await walk.WriteStateAsync();
        LogFailed(logger, Key, reason);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

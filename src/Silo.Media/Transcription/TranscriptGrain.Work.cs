namespace Silo.Media.Transcription;

/// <summary>One transcription attempt: the file cut into parts, each part sent in order and its answer stored, then the whole kept.</summary>
public sealed partial class TranscriptGrain
{
    private async Task TranscribeAsync(CancellationToken cancellationToken)
    {
        using var slot = await slots.TakeAsync(cancellationToken);
        if (State.Status == TranscriptStatus.Transcribing)
        {
            // The last attempt was cut short (its node died mid-call): that call counts as failed, and is not repeated forever.
            State.FailuresInRow++;
            if (State.FailuresInRow >= options.Value.MaxAttempts)
            {
                await FailAsync(new TranscriptionException(true, "interrupted", "The last transcription attempts were interrupted before they finished."));
                return;
            }
        }
        (State.Status, State.NextRetryAt) = (TranscriptStatus.Transcribing, null);
        await transcript.WriteStateAsync(); // visible as transcribing while the parts upload

        try
        {
            using var plan = await splitter.PrepareAsync(State.StorageKey, State.MimeType, State.DurationSeconds, cancellationToken);
            if (plan.Name != State.Plan)
            {
                // Parts of another cut (the size limit changed since) do not line up with these: started afresh.
                (State.Plan, State.Parts) = (plan.Name, []);
            }
            for (var i = State.Parts.Count; i < plan.Parts.Count; i++)
            {
                var part = plan.Parts[i];
                // Counted before it is made, so the count holds every call, a call a crash cut short included.
                State.Calls++;
                await transcript.WriteStateAsync();
                var answer = await client.TranscribeAsync(part.Path, part.FileName, part.ContentType, cancellationToken);
                // Formats without timings (json, text) get one cue for the whole part.
                IEnumerable<TranscriptCue> cues = answer.Cues.Count > 0 ? answer.Cues
                    : [new TranscriptCue(0, part.Duration ?? 0, answer.Text)];
                State.Parts.Add(new TranscriptPart(part.Start, answer.Text, [.. cues.Select(c => c.Shifted(part.Start))], answer.Language));
                State.FailuresInRow = 0;
                // Stored before the next call: a crash from here on never repeats this one.
                await transcript.WriteStateAsync();
            }
        }
        catch (TranscriptionException e)
        {
            await FailAsync(e);
            return;
        }
        await FinishAsync(cancellationToken);
    }

    /// <summary>The parts joined: the text, and the WebVTT with every part's cues at their place in the file, stored beside the media.</summary>
    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        await StoreFilesAsync(cancellationToken);
        State.Language = options.Value.Language != "auto" ? options.Value.Language : State.Parts.Select(p => p.Language).FirstOrDefault(l => l is not null);
        (State.Status, State.ErrorType, State.Error, State.FinishedAt) = (TranscriptStatus.Done, null, null, time.GetUtcNow());
        await transcript.WriteStateAsync();
        LogTranscribed(logger, Key, State.Parts.Count, State.Calls);
    }

    /// <summary>A failed call: retried later with backoff (or when the API said), or, refused or out of attempts, kept with its reason.</summary>
    private async Task FailAsync(TranscriptionException failure)
    {
        var now = time.GetUtcNow();
        if (!failure.Final) State.FailuresInRow++;
        (State.ErrorType, State.Error) = (failure.ErrorType, failure.Message);
        var final = failure.Final || State.FailuresInRow >= options.Value.MaxAttempts;
        LogCallFailed(logger, Key, failure.ErrorType, State.FailuresInRow, final);
        if (final)
        {
            (State.Status, State.NextRetryAt, State.FinishedAt) = (TranscriptStatus.Failed, null, now);
            await transcript.WriteStateAsync();
            return;
        }
        var wait = failure.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => options.Value.RetryDelay(State.FailuresInRow),
        };
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.Value.RetryMaxDelay ? options.Value.RetryMaxDelay : wait;
        // Stored; the work loop then waits out the retry with its timer or moves its reminder there.
        (State.Status, State.NextRetryAt) = (TranscriptStatus.Pending, now + wait);
        await transcript.WriteStateAsync();
    }
}

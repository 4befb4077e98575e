using Silo.Publishing.Metricool;

namespace Silo.Publishing.Batches;

// The steps of the current clip: create it (after committing that it is being created), look it up
// when a create's outcome is unknown, and check its confirmation.
public sealed partial class PublishBatchGrain
{
    private async Task UploadAsync(ClipState clip, CancellationToken cancellationToken)
    {
        clip.ScheduledAt ??= Now;
        clip.Status = ClipStatus.Uploading;
        clip.Attempts++;
        clip.UploadStartedAt = Now;
        clip.CreateIfMissing = false;
        clip.LookupTries = 0;
        clip.Error = null;
        ClipChanged(clip);
        // The promise that makes "never twice" hold: from here on, whoever runs the next step
        // (this activation or another after a crash) looks the clip up before anything is created
        // again, and not before the call had time to land.
        NextStep(_options.LookupDelay);
        await batch.WriteStateAsync();

        LogUploading(State.BatchId!, clip.Index, clip.Attempts);
        var outcome = await metricool.CreateStoryAsync(Account, clip.Url, PostText(clip), clip.ScheduledAt.Value, cancellationToken);
        switch (outcome)
        {
            case CreatePostOutcome.Created created:
                Accept(clip, created.Post);
                break;
            case CreatePostOutcome.Rejected { RetryLater: true } rejected when clip.Attempts < _options.MaxUploadAttempts:
                // A 429 stores nothing: the clip may be created again once the rate limit allows.
                clip.Status = ClipStatus.Pending;
                clip.Error = rejected.Error;
                ClipChanged(clip);
                NextStep(rejected.RetryAfter ?? _options.LookupDelay);
                break;
            case CreatePostOutcome.Rejected rejected:
                Fail(clip, rejected.Error);
                break;
            case CreatePostOutcome.Unknown unknown:
                LogOutcomeUnknown(State.BatchId!, clip.Index, unknown.Reason);
                clip.Error = unknown.Reason;
                NextStep(_options.LookupDelay);
                break;
        }
    }

    private async Task LookUpAsync(ClipState clip, CancellationToken cancellationToken)
    {
        var at = clip.ScheduledAt ?? clip.UploadStartedAt ?? Now;
        IReadOnlyList<ScheduledPost> posts;
        try
        {
            posts = await metricool.ListPostsAsync(Account, at - _options.LookupWindow, at + _options.LookupWindow, cancellationToken);
        }
        catch (MetricoolUnavailableException e)
        {
            clip.LookupTries++;
            if (clip.LookupTries >= _options.LookupAttempts) Unconfirmed(clip, $"lookup failed: {e.Message}");
            else NextStep(_options.LookupDelay);
            return;
        }
        var marker = MetricoolClient.KeyMarker(clip.IdempotencyKey);
        // The marker ends the text Silo wrote, so a title quoting another clip's marker cannot match.
        // Metricool may send null for an empty text; the JSON says so even if the type does not.
        if (posts.FirstOrDefault(p => p.Text is { } text && text.TrimEnd().EndsWith(marker, StringComparison.Ordinal)) is { } found)
        {
            LogFoundByLookup(State.BatchId!, clip.Index, found.Id);
            Accept(clip, found);
            return;
        }
        clip.LookupTries++;
        if (clip.CreateIfMissing)
            await UploadAsync(clip, cancellationToken);
        else if (clip.LookupTries < _options.LookupAttempts)
            NextStep(_options.LookupDelay);
        else
            Unconfirmed(clip, $"not found in Metricool after {clip.LookupTries} lookups; it may or may not have been created"
                + (clip.Error is null ? "" : $" (create call: {clip.Error})"));
    }

    private async Task CheckConfirmationAsync(ClipState clip, CancellationToken cancellationToken)
    {
        clip.ConfirmationTries++;
        ScheduledPost? post = null;
        try
        {
            var at = clip.ScheduledAt ?? Now;
            post = (await metricool.ListPostsAsync(Account, at - _options.LookupWindow, at + _options.LookupWindow, cancellationToken))
                .FirstOrDefault(p => p.Id == clip.MetricoolPostId);
        }
        catch (MetricoolUnavailableException e)
        {
            clip.Error = e.Message; // a failed check counts as a try; the next one may succeed
        }
        if (post is { Providers: { Count: > 0 } providers } && providers.All(p => p.Status == "PUBLISHED"))
        {
            Published(clip, post);
            return;
        }
        if (post is { Providers: { } all } && all.FirstOrDefault(p => p.Status == "ERROR") is { } error)
        {
            Fail(clip, $"{error.Network}: {error.DetailedStatus ?? "publication failed"}");
            return;
        }
        if (clip.ConfirmationTries >= _options.ConfirmationMaxTries)
            Fail(clip, $"not confirmed after {clip.ConfirmationTries} checks");
        else
            NextStep(_options.ConfirmationPollInterval);
    }

    private async Task<bool> PlanBestTimesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = Now;
            // Metricool's scores are by the brand's weekday and hour, so the slots are reckoned on the brand's clock.
            var zone = await metricool.GetBrandTimeZoneAsync(Account, cancellationToken);
            var times = await metricool.GetBestTimesAsync(Account, now, now.AddDays(7), zone, cancellationToken);
            var slots = BestTimeSlots.Pick(times, now, State.Clips.Count, zone);
            for (var i = 0; i < State.Clips.Count; i++) State.Clips[i].ScheduledAt = slots[i];
            return true;
        }
        catch (MetricoolUnavailableException e)
        {
            State.StartedAt = null;
            State.Error = $"best times unavailable: {e.Message}";
            NextStep(_options.LookupDelay);
            return false;
        }
    }

    private void Accept(ClipState clip, ScheduledPost post)
    {
        clip.MetricoolPostId = post.Id;
        clip.UploadedAt = Now;
        clip.Error = null;
        if (State.Mode == PublishMode.Now)
        {
            clip.Status = ClipStatus.WaitingConfirmation;
            clip.ConfirmationTries = 0;
            ClipChanged(clip);
            NextStep(_options.ConfirmationPollInterval);
        }
        else
        {
            // Metricool publishes it at its time; the batch's work for this clip is done.
            clip.Status = ClipStatus.Scheduled;
            State.PublishedClips++;
            ClipChanged(clip);
            MoveToNextClip();
        }
    }

    private void Published(ClipState clip, ScheduledPost post)
    {
        clip.Status = ClipStatus.Published;
        clip.Error = null;
        clip.PublishedAt = Now;
        clip.FacebookPostId = (post.Providers.FirstOrDefault(p => p.Network == "facebook") ?? post.Providers[0]).Id;
        State.PublishedClips++;
        ClipChanged(clip);
        MoveToNextClip();
    }

    private void Fail(ClipState clip, string error)
    {
        clip.Status = ClipStatus.Failed;
        clip.Error = error;
        State.FailedClips++;
        ClipChanged(clip);
        LogClipFailed(State.BatchId!, clip.Index, error);
        if (State.StopOnFailure)
        {
            State.Error = $"clip {clip.Index} failed: {error}";
            End(BatchStatus.Failed);
        }
        else
        {
            MoveToNextClip();
        }
    }

    private void Unconfirmed(ClipState clip, string reason)
    {
        clip.Status = ClipStatus.Unconfirmed;
        clip.Error = reason;
        ClipChanged(clip);
        PauseForPerson(clip);
    }

    private void PauseForPerson(ClipState clip)
    {
        LogUnconfirmed(State.BatchId!, clip.Index, clip.Error ?? "");
        State.Status = BatchStatus.Paused;
        State.NextStepAt = null;
        State.Error = $"clip {clip.Index} is unconfirmed: check Metricool, then resume (retry) or resume with skip";
        BatchChanged();
    }
}

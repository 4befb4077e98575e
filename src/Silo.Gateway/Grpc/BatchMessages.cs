using Silo.Gateway.Grpc.V1;
using Silo.Publishing.Batches;

namespace Silo.Gateway.Grpc;

/// <summary>A batch as <c>silo.v1.Batch</c>, an event as <c>silo.v1.BatchEvent</c>.</summary>
internal static class BatchMessages
{
    public static Batch From(BatchView view)
    {
        var batch = new Batch
        {
            BatchId = view.BatchId,
            UserId = view.UserId,
            AccountId = view.AccountId,
            PublishMode = view.PublishMode,
            Status = view.Status,
            StopOnFailure = view.StopOnFailure,
            TotalClips = view.TotalClips,
            PublishedClips = view.PublishedClips,
            FailedClips = view.FailedClips,
            CurrentClipIndex = view.CurrentClipIndex,
            ScheduledFor = ProtoValues.Time(view.ScheduledFor),
            CreatedAt = ProtoValues.Time(view.CreatedAt),
            StartedAt = ProtoValues.Time(view.StartedAt),
            CompletedAt = ProtoValues.Time(view.CompletedAt),
        };
        if (view.ErrorMsg is { } error) batch.ErrorMsg = error;
        batch.Clips.AddRange((view.Clips ?? []).Select(From));
        return batch;
    }

    private static BatchClip From(ClipView view)
    {
        var clip = new BatchClip
        {
            ClipIndex = view.ClipIndex,
            ClipUrl = view.ClipUrl,
            ClipTitle = view.ClipTitle,
            Status = view.Status,
            Attempts = view.Attempts,
            ScheduledAt = ProtoValues.Time(view.ScheduledAt),
            UploadedAt = ProtoValues.Time(view.UploadedAt),
            PublishedAt = ProtoValues.Time(view.PublishedAt),
        };
        if (view.MetricoolPostId is { } metricool) clip.MetricoolPostId = metricool;
        if (view.FacebookPostId is { } facebook) clip.FacebookPostId = facebook;
        if (view.ErrorMsg is { } error) clip.ErrorMsg = error;
        return clip;
    }

    /// <summary>The event with id <paramref name="seq"/> (the feed's, which a stored event's own Seq may not carry).</summary>
    public static BatchEvent From(long seq, PublishEvent e)
    {
        var message = new BatchEvent
        {
            EventId = seq,
            Type = e.Type,
            BatchId = e.BatchId,
            Status = e.Status,
            TotalClips = e.TotalClips,
            PublishedClips = e.PublishedClips,
            FailedClips = e.FailedClips,
            CurrentClipIndex = e.CurrentClipIndex,
            At = ProtoValues.Time(e.At),
        };
        if (e.ClipIndex is { } clip) message.ClipIndex = clip;
        if (e.MetricoolPostId is { } metricool) message.MetricoolPostId = metricool;
        if (e.FacebookPostId is { } facebook) message.FacebookPostId = facebook;
        if (e.Error is { } error) message.Error = error;
        return message;
    }
}

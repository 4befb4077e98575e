using Silo.Hosting.Tenants;
using Silo.Media.Transcription;

namespace Silo.Media.Posts;

/// <summary>
/// Archived video and audio handed on for transcription (seed 003), once the post's archive work is over: the post is
/// archived first and never waits on the API. The post's reminder is removed only after every request was stored, so
/// a crash in between is followed by a tick that asks again (asking twice is harmless).
/// </summary>
public sealed partial class PostGrain
{
    public async Task<IReadOnlyList<string>?> RetryTranscripts(string callerTenant)
    {
        // A file's transcript is shared by every post holding the file; the post, which has a tenant, decides who may retry it.
        if (!State.Exists || !TenantOwnership.ActsFor(callerTenant, State.Tenant)) return null;
        var retried = await Task.WhenAll(TranscribedFiles().Select(async m => (m.Slot, await GrainFactory.GetGrain<ITranscriptGrain>(m.Sha256!).Retry())));
        return [.. retried.Where(r => r.Item2).Select(r => r.Slot)];
    }

    /// <summary>True when every transcript this post needs is requested (or transcription is off).</summary>
    private async Task<bool> RequestTranscriptsAsync()
    {
        if (!transcription.Value.Enabled) return true;
        // A stopping node cannot place a new transcript grain: Orleans retries the placement for seconds per call, and every
        // post doing so held the silo's shutdown (the demo's 300 posts kept it 15 s in grain deactivation). The reminder asks
        // again on whichever node owns the post next.
        if (lifetime.ApplicationStopping.IsCancellationRequested) return false;
        var files = TranscribedFiles();
        try
        {
            await Task.WhenAll(files.Select(m => GrainFactory.GetGrain<ITranscriptGrain>(m.Sha256!).Request(
                new TranscriptRequest(m.StorageKey!, m.MimeType ?? "application/octet-stream", m.Size ?? 0, m.DurationSeconds, m.AudioCodec is not null))));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTranscriptsNotRequested(logger, e, Key);
            return false;
        }
    }

    private List<PostMedia> TranscribedFiles() => State.Media
            // A photo in a video slot (Meta sends photo posts' images there) has nothing to hear.
            .Where(m => m.Status == MediaItemStatus.Success && m.Kind is "video" or "audio" && m.Sha256 is not null && m.StorageKey is not null
                && m.MimeType?.StartsWith("image/", StringComparison.Ordinal) != true)
            .DistinctBy(m => m.Sha256)
            .ToList();
}

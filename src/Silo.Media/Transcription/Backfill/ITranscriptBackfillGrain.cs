using Silo.Media.Backfill;

namespace Silo.Media.Transcription.Backfill;

/// <summary>
/// A tenant's transcript backfill, of every source or one (<see cref="TranscriptBackfillIds.Key"/>): the archived video and
/// audio files of the tenant's posts that have no transcript (archived while transcription was off) are handed to their
/// transcript grains, a few at a time. Each method returns once its change is stored; the files are handed on after the
/// call returns. Its progress is read from the tables (<see cref="TranscriptBackfillQueries"/>).
/// </summary>
[Alias("silo.media.ITranscriptBackfillGrain")]
public interface ITranscriptBackfillGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a new run unless one is running, transcription is off, or <paramref name="callerTenant"/> does not act for the
    /// backfill's tenant (tenant <c>*</c> acts for every tenant).
    /// </summary>
    [Alias("Start")]
    Task<RunStartOutcome> Start(string callerTenant);

    /// <summary>Stops handing files on (files already handed on are still transcribed); false when it is not running or not the caller's.</summary>
    [Alias("Cancel")]
    Task<bool> Cancel(string callerTenant);
}

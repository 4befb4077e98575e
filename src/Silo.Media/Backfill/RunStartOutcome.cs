namespace Silo.Media.Backfill;

/// <summary>
/// What a run's <c>Start</c> made of a request: a history walk's (<see cref="IBackfillGrain"/>), a Patreon crawl's or a
/// transcript backfill's.
/// </summary>
[GenerateSerializer, Alias("silo.media.RunStartOutcome")]
public enum RunStartOutcome
{
    /// <summary>A new run is stored and starts from the beginning.</summary>
    Started,

    /// <summary>A run is running (or paused, where runs pause): resume or cancel it first.</summary>
    AlreadyActive,

    /// <summary>The caller does not act for the run's tenant: nothing changed.</summary>
    OtherTenant,

    /// <summary>Transcription is switched off on the node that holds the transcript backfill: nothing changed.</summary>
    TranscriptionOff,
}

namespace Silo.Media.Transcription.Backfill;

/// <summary>What <see cref="ITranscriptBackfillGrain.Start"/> made of a request.</summary>
[GenerateSerializer, Alias("silo.media.TranscriptBackfillStartOutcome")]
public enum TranscriptBackfillStartOutcome
{
    /// <summary>A new run is stored and hands files on from the first.</summary>
    Started,

    /// <summary>A run is handing files on: cancel it first.</summary>
    AlreadyRunning,

    /// <summary>The caller does not act for the backfill's tenant: nothing changed.</summary>
    OtherTenant,

    /// <summary>Transcription is switched off on the node that holds the backfill: nothing changed.</summary>
    TranscriptionOff,
}

namespace Silo.Media.Transcription;

/// <summary>
/// The transcript of one archived file, keyed by the file's SHA-256: a file several posts share is transcribed once.
/// <see cref="Request"/> returns once the request is stored; the API is called after, so a post never waits on it.
/// </summary>
[Alias("silo.media.ITranscriptGrain")]
public interface ITranscriptGrain : IGrainWithStringKey
{
    /// <summary>Stores the request and starts the work; a file already requested (whatever became of it) is left as it is.</summary>
    [Alias("Request")]
    Task Request(TranscriptRequest request);

    /// <summary>Transcribes a <c>failed</c> file again with fresh attempts, keeping the parts already stored; false when it is not failed.</summary>
    [Alias("Retry")]
    Task<bool> Retry();

    /// <summary>
    /// Stores a <c>done</c> transcript's text and WebVTT files again under their keys, rendered from its stored parts (the
    /// bytes it stored when it was done): the integrity scrub's repair of a file gone or changed. Null once both are stored;
    /// otherwise why not (not done, its files in another store than this node's, the store refused them).
    /// </summary>
    [Alias("StoreFilesAgain")]
    Task<string?> StoreFilesAgain();
}

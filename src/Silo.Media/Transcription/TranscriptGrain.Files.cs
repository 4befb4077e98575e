using Silo.Media.BlobStores;

namespace Silo.Media.Transcription;

/// <summary>The transcript's two files in the store: put there when it is done, and again when the integrity scrub finds them damaged.</summary>
public sealed partial class TranscriptGrain
{
    public async Task<string?> StoreFilesAgain()
    {
        if (!State.Exists || State.Status != TranscriptStatus.Done) return $"the transcript is {(State.Exists ? State.Status : "gone")}, so it has no files to store";
        if (State.Backend != store.Name) return $"its files are in the {State.Backend} store, not in this node's ({store.Name})";
        var named = (State.Text, State.TextKey, State.VttKey, State.TextBytes, State.VttBytes);
        try
        {
            await StoreFilesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is BlobStoreUnavailableException or IOException) // a full store is an unavailable one too
        {
            return e.Message;
        }
        // The same parts render the same bytes: the row changes only if the rendering itself changed since it was done.
        if (named != (State.Text, State.TextKey, State.VttKey, State.TextBytes, State.VttBytes)) await transcript.WriteStateAsync();
        LogFilesStoredAgain(logger, Key, State.TextKey!, State.VttKey!);
        return null;
    }

    /// <summary>Puts the text and WebVTT rendered from the parts in the store and names them in the state (written by the caller).</summary>
    private async Task StoreFilesAsync(CancellationToken cancellationToken)
    {
        var files = TranscriptFiles.Render(State.Parts);
        // Keys follow from the media's, so a crash before the state is written puts the same bytes under the same keys again.
        var (textKey, vttKey) = (TranscriptFiles.TextKey(State.StorageKey), TranscriptFiles.VttKey(State.StorageKey));
        await PutAsync(textKey, files.TextBytes, "text/plain; charset=utf-8", cancellationToken);
        await PutAsync(vttKey, files.VttBytes, "text/vtt", cancellationToken);
        (State.Text, State.TextKey, State.TextUrl, State.VttKey, State.VttUrl) = (files.Text, textKey, store.PublicUrl(textKey), vttKey, store.PublicUrl(vttKey));
        // Kept for the storage figures: the files are not media_files rows.
        (State.Backend, State.TextBytes, State.VttBytes) = (store.Name, files.TextBytes.Length, files.VttBytes.Length);
    }

    private async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"silo-transcript-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            await store.PutFileAsync(key, path, contentType, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

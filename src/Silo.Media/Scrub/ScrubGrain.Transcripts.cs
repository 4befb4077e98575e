using Silo.Media.Transcription;

namespace Silo.Media.Scrub;

/// <summary>
/// The transcripts phase: a done transcript's text and WebVTT files are not media_files rows, but its stored parts render
/// them byte for byte (<see cref="TranscriptFiles"/>), so each stored file is hashed and compared with its rendering, and a
/// file gone or different is stored again by the transcript's own grain, the one writer of its files.
/// </summary>
public sealed partial class ScrubGrain
{
    private async Task CheckTranscriptsAsync(CancellationToken cancellationToken)
    {
        var limit = options.Value.FilesPerStep;
        var page = await queries.TranscriptsPageAsync(State.Backend, State.CursorSha256, limit, cancellationToken);
        foreach (var transcript in page)
        {
            var files = TranscriptFiles.Render(transcript.Parts);
            var damaged = new List<(string Kind, string Key, long Size, string What)>();
            foreach (var (key, bytes, name) in new[] { (transcript.TextKey, files.TextBytes, "text"), (transcript.VttKey, files.VttBytes, "WebVTT") })
            {
                var found = await check.HashAsync(key, cancellationToken);
                State.FilesChecked++;
                State.BytesChecked += found?.Size ?? 0;
                if (found is { } stored && stored.Sha256 == TranscriptFiles.Sha256(bytes)) continue;
                var what = found is { } bad
                    ? $"the {name} file of the transcript of {transcript.MediaKey} hashed to {bad.Sha256[..12]}… ({bad.Size} bytes), not to what its parts render"
                    : $"the {name} file of the transcript of {transcript.MediaKey} is gone";
                damaged.Add((found is null ? ScrubFindingKinds.Missing : ScrubFindingKinds.Corrupted, key, bytes.Length, what));
            }
            State.CursorSha256 = transcript.Sha256;
            if (damaged.Count == 0) continue;
            var why = await GrainFactory.GetGrain<ITranscriptGrain>(transcript.Sha256).StoreFilesAgain();
            if (why is not null)
                foreach (var tenant in await queries.HolderTenantsAsync(transcript.Sha256, cancellationToken))
                    if (!State.AlertTenants.Contains(tenant)) State.AlertTenants.Add(tenant);
            foreach (var (kind, key, size, what) in damaged)
                Found(new ScrubFinding(kind, key, transcript.Sha256, size, why is null ? ScrubFindingKinds.Repaired : ScrubFindingKinds.Unrepaired,
                    why is null ? $"{what}; written again from its stored parts" : $"{what}; not written again: {why}", OfTranscript: true));
        }
        if (page.Count < limit) (State.Phase, State.ObjectsListed) = (ScrubStatus.ObjectsPhase, 0);
        await scrub.WriteStateAsync();
    }
}

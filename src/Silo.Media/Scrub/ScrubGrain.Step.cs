using Silo.Hosting.Work;
using Silo.Media.BlobStores;

namespace Silo.Media.Scrub;

/// <summary>One step of a run: a page of files or transcripts checked (and repaired), or the store's listing searched for orphans.</summary>
public sealed partial class ScrubGrain
{
    /// <summary>While a run goes on: at once. Between runs: the planned start, if any.</summary>
    private DateTimeOffset? NextStepAt() => !State.Exists ? null : State.IsRunning ? WorkLoop.AtOnce : State.NextRunAt;

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        if (!State.IsRunning)
        {
            Begin(); // the planned run is due
            await Work.EnsureReminderAsync();
            await scrub.WriteStateAsync();
            return;
        }
        try
        {
            switch (State.Phase)
            {
                case ScrubStatus.FilesPhase: await CheckFilesAsync(cancellationToken); break;
                case ScrubStatus.TranscriptsPhase: await CheckTranscriptsAsync(cancellationToken); break;
                default: await ListObjectsAsync(cancellationToken); break;
            }
        }
        catch (BlobStoreUnavailableException e)
        {
            // The store itself failed, not one file: the run stops here and the next planned one starts over.
            LogFailed(logger, State.Run, e.Message);
            End(ScrubStatus.Failed, e.Message);
            await scrub.WriteStateAsync();
        }
    }

    private async Task CheckFilesAsync(CancellationToken cancellationToken)
    {
        var limit = options.Value.FilesPerStep;
        var page = await queries.FilesPageAsync(State.Backend, State.CursorSha256, limit, cancellationToken);
        foreach (var file in page)
        {
            var found = await check.HashAsync(file.StorageKey, cancellationToken);
            State.FilesChecked++;
            State.BytesChecked += found?.Size ?? 0;
            State.CursorSha256 = file.Sha256;
            if (found is { } stored && stored.Sha256 == file.Sha256) continue;
            if (found is null && file.ReferenceCount == 0)
            {
                Found(new ScrubFinding(ScrubFindingKinds.Dangling, file.StorageKey, file.Sha256, file.Size, ScrubFindingKinds.Listed, "no post holds it"));
                continue;
            }
            var kind = found is null ? ScrubFindingKinds.Missing : ScrubFindingKinds.Corrupted;
            var why = await repair.TryAsync(file.Sha256, file.StorageKey, cancellationToken);
            if (why is not null)
                foreach (var tenant in await queries.HolderTenantsAsync(file.Sha256, cancellationToken))
                    if (!State.AlertTenants.Contains(tenant)) State.AlertTenants.Add(tenant);
            var detail = why ?? (found is { } bad ? $"stored bytes hashed to {bad.Sha256[..12]}… ({bad.Size} bytes); fetched again" : "fetched again");
            Found(new ScrubFinding(kind, file.StorageKey, file.Sha256, file.Size, why is null ? ScrubFindingKinds.Repaired : ScrubFindingKinds.Unrepaired, detail));
        }
        if (page.Count < limit) (State.Phase, State.CursorSha256) = (ScrubStatus.TranscriptsPhase, null);
        await scrub.WriteStateAsync();
    }

    /// <summary>
    /// The whole listing in one step, its orphans stored a query's worth at a time. A listing promises no order to resume
    /// from, so a step cut short lists again from the start; a finding recorded twice is one row.
    /// </summary>
    private async Task ListObjectsAsync(CancellationToken cancellationToken)
    {
        State.ObjectsListed = 0;
        var batch = new List<(string Key, long Size)>(options.Value.ObjectsPerQuery);
        await foreach (var stored in store.ListAsync(cancellationToken))
        {
            batch.Add((stored.Key, stored.Size));
            if (batch.Count < options.Value.ObjectsPerQuery) continue;
            await RecordOrphansAsync(batch, cancellationToken);
            await scrub.WriteStateAsync();
            batch.Clear();
        }
        await RecordOrphansAsync(batch, cancellationToken);
        End(ScrubStatus.Done, error: null);
        await scrub.WriteStateAsync();
        LogDone(logger, State.Run, State.FilesChecked, State.BytesChecked, State.ObjectsListed);
    }

    private async Task RecordOrphansAsync(List<(string Key, long Size)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        State.ObjectsListed += batch.Count;
        foreach (var (key, size) in await queries.UnknownKeysAsync(batch, cancellationToken))
            Found(new ScrubFinding(ScrubFindingKinds.Orphaned, key, null, size, ScrubFindingKinds.Listed, "no media file or transcript names it"));
    }

    private void Found(ScrubFinding finding)
    {
        State.NewFindings.Add(finding);
        LogFinding(logger, State.Run, finding.Kind, finding.StorageKey, finding.Outcome, finding.Detail);
    }
}

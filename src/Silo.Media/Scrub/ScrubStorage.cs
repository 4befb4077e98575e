using Npgsql;
using Silo.Hosting.Storage;
using Silo.Media.Posts;

namespace Silo.Media.Scrub;

/// <summary>
/// Keeps <see cref="ScrubState"/> in <c>scrubs</c> (checked against its <c>version</c>), the run's report in <c>scrub_runs</c>,
/// the step's findings in <c>scrub_findings</c> and the alerts of files it could not repair, in one transaction per write.
/// </summary>
public sealed class ScrubStorage(NpgsqlDataSource database) : RelationalGrainStorage<ScrubState>(database)
{
    protected override async Task<(ScrubState State, long Version)?> ReadAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ScrubSql.Read, connection) { Parameters = { new("id", key) } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = new ScrubState
        {
            Exists = true, Run = reader.GetInt32(0), Status = reader.GetString(1), Phase = reader.GetString(2),
            CursorSha256 = reader.IsDBNull(3) ? null : reader.GetString(3), FilesChecked = reader.GetInt32(4), BytesChecked = reader.GetInt64(5),
            ObjectsListed = reader.GetInt32(6), LastError = reader.IsDBNull(7) ? null : reader.GetString(7),
            StartedAt = reader.GetFieldValue<DateTimeOffset>(8), FinishedAt = Time(reader, 9), NextRunAt = Time(reader, 10),
            Backend = reader.IsDBNull(12) ? "" : reader.GetString(12),
        };
        return (state, reader.GetInt64(11));
    }

    protected override GrainWrite? Write(string key, ScrubState state, long expectedVersion)
    {
        if (!state.Exists) return null;
        var write = new GrainWrite(new NpgsqlBatchCommand(ScrubSql.Upsert)
            .With("id", key).With("run", state.Run).With("status", state.Status).With("phase", state.Phase).With("cursor", state.CursorSha256)
            .With("files_checked", state.FilesChecked).With("bytes_checked", state.BytesChecked).With("objects_listed", state.ObjectsListed)
            .With("last_error", state.LastError).With("started_at", state.StartedAt).With("finished_at", state.FinishedAt)
            .With("next_run_at", state.NextRunAt).With("expected_version", expectedVersion));
        if (state.Run == 0) return write; // planned, never run: no report yet
        write.With.Add(new NpgsqlBatchCommand(ScrubSql.RunUpsert)
            .With("run", state.Run).With("status", state.Status).With("phase", state.Phase).With("backend", state.Backend)
            .With("files_checked", state.FilesChecked).With("bytes_checked", state.BytesChecked).With("objects_listed", state.ObjectsListed)
            .With("last_error", state.LastError).With("started_at", state.StartedAt).With("finished_at", state.FinishedAt));
        if (state.NewFindings.Count > 0)
        {
            var f = state.NewFindings;
            write.With.Add(new NpgsqlBatchCommand(ScrubSql.FindingsInsert).With("run", state.Run)
                .With("kinds", f.Select(x => x.Kind).ToArray()).With("keys", f.Select(x => x.StorageKey).ToArray())
                .With("hashes", f.Select(x => x.Sha256).ToArray()).With("sizes", f.Select(x => x.Size).ToArray())
                .With("outcomes", f.Select(x => x.Outcome).ToArray()).With("details", f.Select(x => x.Detail).ToArray()));
            // A file fetched again lifts the mark an earlier run left on its posts now, not only once this run is done; a
            // transcript's file written again says nothing of its media file's bytes.
            var repaired = f.Where(x => x.Outcome == ScrubFindingKinds.Repaired && !x.OfTranscript).Select(x => x.Sha256).OfType<string>().ToList();
            if (repaired.Count > 0) write.With.Add(MediaFileRows.StoredAgain(repaired));
        }
        foreach (var tenant in state.AlertTenants)
            write.With.Add(new NpgsqlBatchCommand(AlertSql.Raise).With("kind", ScrubState.AlertKind(tenant)).With("tenant", tenant)
                .With("message", $"Scrub run {state.Run} found stored files of this tenant's posts missing or corrupted that could not be " +
                    "fetched again from their links (or, for a transcript's file, written again); the run's report lists them."));
        return write;
    }

    protected override void OnWritten(ScrubState state)
    {
        state.NewFindings = [];
        state.AlertTenants = [];
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
}

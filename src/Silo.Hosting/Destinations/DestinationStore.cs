using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Silo.Hosting.Destinations;

/// <summary>
/// The destinations' rows, their delivery logs and the outbox they read. A <c>tenant</c> of null is the operator's scope
/// (every tenant's destinations); a tenant's scope finds only its own, so another tenant's id reads as absent.
/// </summary>
public sealed class DestinationStore(NpgsqlDataSource database)
{
    public async Task<Destination> CreateAsync(string tenant, string name, string kind, string url, string? secret,
        IReadOnlyList<string> eventTypes, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.DestinationInsert);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.Add(new NpgsqlParameter("secret", NpgsqlDbType.Text) { Value = (object?)secret ?? DBNull.Value });
        command.Parameters.AddWithValue("types", eventTypes.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadDestination(reader);
    }

    public async Task<IReadOnlyList<Destination>> ListAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.DestinationsSelect);
        command.Parameters.Add(Tenant(tenant));
        var list = new List<Destination>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(ReadDestination(reader));
        return list;
    }

    public async Task<Destination?> FindAsync(long id, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.DestinationSelect);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(Tenant(tenant));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadDestination(reader) : null;
    }

    public async Task<bool> DeleteAsync(long id, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.DestinationDelete);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(Tenant(tenant));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The destinations that hear an event of <paramref name="tenant"/>; null: every destination.</summary>
    public async Task<IReadOnlyList<long>> ListenersAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.ListenersSelect);
        command.Parameters.Add(Tenant(tenant));
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>Queues a test event for this destination only, behind whatever it has not delivered yet; returns its id.</summary>
    public async Task<long> AddTestEventAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.TestEventInsert);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The next event to deliver; or, when the next one's transaction is younger than one still running (which may yet
    /// commit an event before it), that something waits (<see cref="NextEvent.HeldBack"/>), to be looked at again soon.
    /// </summary>
    public async Task<NextEvent> NextEventAsync(Destination destination, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.NextEventSelect);
        command.Parameters.AddWithValue("id", destination.Id);
        command.Parameters.AddWithValue("through", destination.DeliveredThrough);
        command.Parameters.Add(new NpgsqlParameter("through_tx", NpgsqlDbType.Xid8) { Value = destination.DeliveredThroughTransaction });
        command.Parameters.AddWithValue("types", destination.EventTypes.ToArray());
        command.Parameters.AddWithValue("tenant", destination.Tenant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return default;
        if (!reader.GetBoolean(7)) return new NextEvent(null, HeldBack: true);
        using var data = JsonDocument.Parse(reader.GetString(4));
        return new NextEvent(new NotificationEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            data.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<ulong>(6)), HeldBack: false);
    }

    /// <summary>The event was accepted: the cursor moves past it and the log says so, in one commit.</summary>
    public Task DeliveredAsync(Destination destination, NotificationEvent e, int attempt, SendResult result, DateTimeOffset now,
        int keep, CancellationToken cancellationToken) =>
        RecordAsync(DestinationSql.DeliveredUpdate, destination, e, attempt, result, now, failure: null, keep, cancellationToken);

    /// <summary>
    /// The attempt failed: the cursor stays, the next try is <paramref name="next"/>; a destination failing without a break
    /// since <paramref name="pause"/>'s time ago is paused, with an alert.
    /// </summary>
    public Task FailedAsync(Destination destination, NotificationEvent e, int attempt, SendResult result, DateTimeOffset now,
        DateTimeOffset next, PauseRule pause, int keep, CancellationToken cancellationToken) =>
        RecordAsync(DestinationSql.FailedUpdate, destination, e, attempt, result, now, (next, pause), keep, cancellationToken);

    /// <summary>Resumes a paused destination (tried again now, from its cursor) and resolves its alert; false when there is no such destination.</summary>
    public async Task<bool> ResumeAsync(long id, string? tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.DestinationResume);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(Tenant(tenant));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> DeliveriesAsync(long id, int limit, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(DestinationSql.DeliveriesSelect);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("limit", limit);
        var list = new List<DeliveryAttempt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new DeliveryAttempt(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8)));
        return list;
    }

    private async Task RecordAsync(string sql, Destination destination, NotificationEvent e, int attempt, SendResult result,
        DateTimeOffset now, (DateTimeOffset Next, PauseRule Pause)? failure, int keep, CancellationToken cancellationToken)
    {
        await using var batch = database.CreateBatch();
        var record = new NpgsqlBatchCommand(sql);
        record.Parameters.AddWithValue("id", destination.Id);
        record.Parameters.AddWithValue("through", destination.DeliveredThrough);
        record.Parameters.AddWithValue("event", e.Id);
        record.Parameters.Add(new NpgsqlParameter("event_tx", NpgsqlDbType.Xid8) { Value = e.Transaction });
        record.Parameters.AddWithValue("type", e.Type);
        record.Parameters.AddWithValue("attempt", attempt);
        record.Parameters.AddWithValue("now", now);
        record.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Integer) { Value = (object?)result.StatusCode ?? DBNull.Value });
        if (failure is var (at, pause))
        {
            record.Parameters.AddWithValue("next", at);
            record.Parameters.AddWithValue("disable_after", pause.After);
            record.Parameters.AddWithValue("pause_why", pause.Why);
            record.Parameters.AddWithValue("pause_since", pause.Since);
            record.Parameters.AddWithValue("outcome", result.Permanent ? DeliveryOutcomes.Refused : DeliveryOutcomes.Failed);
            record.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)result.Error ?? DBNull.Value });
        }
        var trim = new NpgsqlBatchCommand(DestinationSql.DeliveriesTrim);
        trim.Parameters.AddWithValue("id", destination.Id);
        trim.Parameters.AddWithValue("keep", keep);
        batch.BatchCommands.Add(record);
        batch.BatchCommands.Add(trim);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Tenant(string? tenant) => new("tenant", NpgsqlDbType.Text) { Value = (object?)tenant ?? DBNull.Value };

    private static Destination ReadDestination(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<string[]>(6), reader.GetInt64(7), reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10),
        reader.GetFieldValue<ulong>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13));
}

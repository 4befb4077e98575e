using Npgsql;
using Silo.Runtime.Grains;

namespace Silo.Runtime.ProcessHost;

/// <summary>Work for <see cref="TurnLogGrain"/>: hold the turn for <paramref name="HoldMs"/>.</summary>
public sealed record Work(int HoldMs);

/// <summary>
/// Logs the start and end of each turn in <c>turn_log</c> with the database clock, from whichever
/// process runs it, so a test can count overlapping turns of one grain across nodes.
/// </summary>
public sealed class TurnLogGrain(NpgsqlDataSource database) : Grain
{
    public const string CreateTable = """
        create table if not exists turn_log (
            id bigint generated always as identity primary key,
            grain_key text not null, message_id text not null, process_id int not null,
            started_at timestamptz not null, ended_at timestamptz)
        """;

    public override async Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        var work = (Work)message;
        await using var start = database.CreateCommand(
            "insert into turn_log (grain_key, message_id, process_id, started_at) values (@k, @m, @p, clock_timestamp()) returning id");
        start.Parameters.AddWithValue("k", GrainId.Key);
        start.Parameters.AddWithValue("m", CurrentMessage!.MessageId);
        start.Parameters.AddWithValue("p", Environment.ProcessId);
        var id = (long)(await start.ExecuteScalarAsync(cancellationToken))!;
        if (work.HoldMs > 0) await Task.Delay(work.HoldMs, cancellationToken);
        await using var end = database.CreateCommand("update turn_log set ended_at = clock_timestamp() where id = @id");
        end.Parameters.AddWithValue("id", id);
        await end.ExecuteNonQueryAsync(cancellationToken);
    }
}

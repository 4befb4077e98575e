using Npgsql;
using Quartz;

namespace Silo.Benchmarks.Quartz;

/// <summary>One benchmark timer in Quartz: when its one-shot trigger fires, it updates its one row.</summary>
internal sealed class TimerJob(NpgsqlDataSource database, TimeProvider time) : IJob
{
    public const string Group = "timers";

    public async Task Execute(IJobExecutionContext context)
    {
        await using var command = database.CreateCommand("update quartz_timers set fired_at = @fired_at where id = @id");
        command.Parameters.AddWithValue("fired_at", time.GetUtcNow());
        command.Parameters.AddWithValue("id", context.JobDetail.Key.Name);
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }
}

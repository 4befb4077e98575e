using Npgsql;
using Quartz;

namespace Silo.Benchmarks.Quartz;

/// <summary>One benchmark timer in Quartz: when its one-shot trigger fires, it updates its one row.</summary>
internal sealed class TimerJob : IJob
{
    public const string Group = "timers";

    /// <summary>
    /// The run's database. Quartz 4 builds jobs with its default factory (a parameterless
    /// constructor) unless it is hosted through its DI builder, which this benchmark does not use.
    /// </summary>
    public static NpgsqlDataSource? Database { get; set; }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var database = Database ?? throw new InvalidOperationException("TimerJob.Database is not set.");
        await using var command = database.CreateCommand("update quartz_timers set fired_at = @fired_at where id = @id");
        command.Parameters.AddWithValue("fired_at", DateTimeOffset.UtcNow);
        command.Parameters.AddWithValue("id", context.JobDetail.Key.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

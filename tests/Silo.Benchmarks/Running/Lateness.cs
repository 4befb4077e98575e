using Npgsql;

namespace Silo.Benchmarks.Running;

/// <summary>Lateness percentiles (fired time minus due time), computed by PostgreSQL from the rows each timer wrote.</summary>
internal static class Lateness
{
    /// <param name="latenessSql">A query returning one column <c>ms</c>: each timer's lateness in milliseconds.</param>
    public static async Task<(long Fired, double P50, double P99, double Max)> MeasureAsync(NpgsqlDataSource database,
        string latenessSql, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            select count(*),
                   coalesce(percentile_cont(0.5) within group (order by ms), 0),
                   coalesce(percentile_cont(0.99) within group (order by ms), 0),
                   coalesce(max(ms), 0)
              from ({latenessSql}) l
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
    }
}

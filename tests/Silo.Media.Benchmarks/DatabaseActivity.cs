using Silo.Testing;

namespace Silo.Media.Benchmarks;

/// <summary>
/// What the run asked of PostgreSQL, from its statistics views: commits, and per table the rows
/// written and the sequential scans (a table read end to end per post would show here).
/// </summary>
public sealed record DatabaseActivity(long Commits, List<DatabaseActivity.Table> Tables)
{
    public sealed record Table(string Name, long Inserted, long Updated, long Deleted, long SeqScans, long SeqRowsRead, long IndexScans);

    public static async Task<DatabaseActivity> ReadAsync(TestDatabase database)
    {
        await database.ExecuteAsync("select pg_stat_force_next_flush()");
        var commits = await database.ScalarAsync<long>("select xact_commit from pg_stat_database where datname = current_database()");
        var tables = new List<Table>();
        await using var command = database.DataSource.CreateCommand("""
            select relname, n_tup_ins, n_tup_upd, n_tup_del, seq_scan, seq_tup_read, coalesce(idx_scan, 0)
              from pg_stat_user_tables where n_tup_ins + n_tup_upd + n_tup_del + seq_scan > 0 order by relname
            """);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables.Add(new Table(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
        return new DatabaseActivity(commits, tables);
    }
}

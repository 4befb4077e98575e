using System.Diagnostics;
using System.Globalization;

namespace Silo.Benchmarks.Running;

/// <summary>
/// What a phase cost: CPU seconds of this process (the silos) and of the PostgreSQL backends serving
/// the benchmark database (from /proc), and the write transactions PostgreSQL started — where a
/// missed target says which side limits it.
/// </summary>
internal sealed record CpuAndCommits(double NodeCpuSeconds, double PostgresCpuSeconds, long Commits)
{
    public static async Task<CpuAndCommits> ReadAsync(BenchmarkDatabase database, CancellationToken cancellationToken)
    {
        // The next transaction id, read without taking one: its advance counts every transaction that
        // wrote, exactly (pg_stat_database's counters reach the view only when each backend flushes).
        var commits = await database.CountAsync("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint", cancellationToken);
        var pids = new List<int>();
        await using (var command = database.DataSource.CreateCommand("select pid from pg_stat_activity where datname = current_database()"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) pids.Add(reader.GetInt32(0));
        return new CpuAndCommits(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, pids.Sum(ProcessSeconds), commits);
    }

    public CpuAndCommits Since(CpuAndCommits before) =>
        new(NodeCpuSeconds - before.NodeCpuSeconds, PostgresCpuSeconds - before.PostgresCpuSeconds, Commits - before.Commits);

    private static double ProcessSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0; // a backend that ended during the phase
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Silo.Benchmarks.Running;

/// <summary>
/// What a phase cost: CPU seconds of this process (the silos) and of the PostgreSQL backends serving
/// the benchmark database (from /proc), and the commits PostgreSQL counted — where a missed target
/// says which side limits it.
/// </summary>
internal sealed record CpuAndCommits(double NodeCpuSeconds, double PostgresCpuSeconds, long Commits)
{
    public static async Task<CpuAndCommits> ReadAsync(BenchmarkDatabase database, CancellationToken cancellationToken)
    {
        await database.ExecuteAsync("select pg_stat_force_next_flush()", cancellationToken);
        var commits = await database.CountAsync("select xact_commit from pg_stat_database where datname = current_database()", cancellationToken);
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

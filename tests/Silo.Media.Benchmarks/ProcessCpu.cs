using System.Globalization;
using Silo.Testing;

namespace Silo.Media.Benchmarks;

/// <summary>CPU time of processes from /proc/&lt;pid&gt;/stat, and of the PostgreSQL backends serving one database.</summary>
public static class ProcessCpu
{
    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd (state) on
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0; // utime + stime, USER_HZ
        }
        catch (IOException)
        {
            return 0; // the process has gone
        }
    }

    /// <summary>CPU seconds per backend pid currently connected to <paramref name="database"/> (pooled connections live through a run).</summary>
    public static async Task<Dictionary<int, double>> DatabaseBackendsAsync(TestDatabase database)
    {
        var result = new Dictionary<int, double>();
        await using var command = database.DataSource.CreateCommand("select pid from pg_stat_activity where datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[reader.GetInt32(0)] = Seconds(reader.GetInt32(0));
        return result;
    }

    public static double Delta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(a => a.Value - before.GetValueOrDefault(a.Key));
}

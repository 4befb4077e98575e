using System.Globalization;

namespace Silo.Media.Benchmarks;

/// <summary>The machine's 1-minute load average (/proc/loadavg), reported beside every figure.</summary>
public static class LoadAverage
{
    public static double OneMinute() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}

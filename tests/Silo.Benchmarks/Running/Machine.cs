namespace Silo.Benchmarks.Running;

/// <summary>The machine a run measured on: figures mean little without its cores and how busy it was.</summary>
internal sealed record Machine(int Cores, string LoadAverage)
{
    public static Machine Now() => new(Environment.ProcessorCount,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown");
}

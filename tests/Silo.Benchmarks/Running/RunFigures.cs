namespace Silo.Benchmarks.Running;

/// <summary>What one engine did with N one-shot timers: throughput, lateness, memory, wall time.</summary>
internal sealed record RunFigures(
    string Engine,
    int Nodes,
    int Timers,
    double WallSeconds,
    double TurnsPerSecond,
    double LatenessP50Ms,
    double LatenessP99Ms,
    double LatenessMaxMs,
    double PeakWorkingSetMb,
    string Settings);

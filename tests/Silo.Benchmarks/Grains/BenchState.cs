namespace Silo.Benchmarks.Grains;

/// <summary>What a benchmark grain persists: a counter and, for reminder runs, when its tick was due and came.</summary>
[GenerateSerializer, Alias("silo.bench.BenchState")]
public sealed class BenchState
{
    [Id(0)] public long Calls { get; set; }
    [Id(1)] public DateTimeOffset? DueAt { get; set; }
    [Id(2)] public DateTimeOffset? FiredAt { get; set; }
}

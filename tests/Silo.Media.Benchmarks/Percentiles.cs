namespace Silo.Media.Benchmarks;

/// <summary>Nearest-rank percentiles of a set of durations in milliseconds.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sortedMs, double percentile) =>
        sortedMs.Count == 0 ? double.NaN : Math.Round(sortedMs[Math.Clamp((int)Math.Ceiling(percentile / 100 * sortedMs.Count) - 1, 0, sortedMs.Count - 1)], 1);

    public static List<double> Sorted(IEnumerable<double> values)
    {
        var list = values.ToList();
        list.Sort();
        return list;
    }
}

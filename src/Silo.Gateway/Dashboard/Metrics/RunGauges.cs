using System.Diagnostics.Metrics;

namespace Silo.Gateway.Dashboard.Metrics;

/// <summary>
/// Gauges over the runs still going that a <see cref="DatabaseReading{T}"/> returns (history walks, Patreon crawls):
/// one series per run, tagged by <c>tags</c>, so a finished run's series ends when it leaves the reading.
/// </summary>
internal sealed class RunGauges<TRun>(Meter meter, DatabaseReading<IReadOnlyList<TRun>> reading, Func<TRun, KeyValuePair<string, object?>[]> tags)
{
    public RunGauges<TRun> Add(string name, Func<TRun, double> value, string description)
    {
        meter.CreateObservableGauge(name, () => (reading.Current() ?? []).Select(run => new Measurement<double>(value(run), tags(run))),
            description: description);
        return this;
    }
}

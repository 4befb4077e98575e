using System.Diagnostics;
using System.Globalization;

namespace Silo.Cluster.Tests.Support;

/// <summary>What happened when, in seconds since the load started, for the report.</summary>
public sealed class Timeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _events = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<string> Events { get { lock (_events) return [.. _events]; } }

    public void Mark(string what)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds,6:0.0}  {what}");
        lock (_events) _events.Add(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }
}

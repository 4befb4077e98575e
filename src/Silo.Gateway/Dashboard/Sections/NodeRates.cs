using System.Collections.Concurrent;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// Turns per second per node, from the counters each node writes with its heartbeat: the change in
/// its counters between two heartbeats over the time between them. Reading the same heartbeat twice
/// changes nothing, so any number of readers can observe.
/// </summary>
internal sealed class NodeRates
{
    private readonly ConcurrentDictionary<string, Reading> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Rate> _rates = new(StringComparer.Ordinal);

    public Rate Observe(string nodeId, DateTimeOffset heartbeat, long turns, long failures)
    {
        var now = new Reading(heartbeat, turns, failures);
        if (_last.TryGetValue(nodeId, out var before) && heartbeat > before.Heartbeat)
        {
            var seconds = (heartbeat - before.Heartbeat).TotalSeconds;
            // A restarted node starts its counters again from zero: its first interval counts from zero.
            var turned = turns >= before.Turns ? turns - before.Turns : turns;
            var failed = failures >= before.Failures ? failures - before.Failures : failures;
            _rates[nodeId] = new Rate(turned / seconds, failed / seconds);
        }
        if (!_last.TryGetValue(nodeId, out before) || heartbeat > before.Heartbeat)
            _last[nodeId] = now;
        return _rates.GetValueOrDefault(nodeId);
    }

    /// <summary>Forgets nodes no longer in the membership table.</summary>
    public void Retain(IReadOnlySet<string> nodeIds)
    {
        foreach (var id in _last.Keys.Where(id => !nodeIds.Contains(id)).ToList())
        {
            _last.TryRemove(id, out _);
            _rates.TryRemove(id, out _);
        }
    }

    private readonly record struct Reading(DateTimeOffset Heartbeat, long Turns, long Failures);
}

/// <summary>Turns and failed turns per second over a node's last heartbeat interval.</summary>
internal readonly record struct Rate(double TurnsPerSecond, double FailuresPerSecond);

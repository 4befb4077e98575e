namespace Silo.Gateway.Dashboard.Sections;

/// <summary>The over-time plots' points, appended by the snapshot loop once per refresh; a fixed-size ring.</summary>
internal sealed class DashboardHistory(int capacity)
{
    private readonly Queue<HistoryPoint> _points = new();
    private readonly Lock _gate = new();

    public void Add(HistoryPoint point)
    {
        lock (_gate)
        {
            _points.Enqueue(point);
            while (_points.Count > capacity) _points.Dequeue();
        }
    }

    public IReadOnlyList<HistoryPoint> Points
    {
        get { lock (_gate) return [.. _points]; }
    }
}

/// <summary>One moment of the cluster: its turn rate, its failed-turn rate and the share of turns that failed.</summary>
internal sealed record HistoryPoint(DateTimeOffset At, double TurnsPerSecond, double FailuresPerSecond, double ErrorRate);

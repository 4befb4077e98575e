using System.Collections.Concurrent;

namespace Silo.Runtime.Execution;

/// <summary>This node's counters since start, per grain type; read by heartbeats, /metrics and the dashboard.</summary>
public sealed class RuntimeMetrics
{
    private readonly ConcurrentDictionary<string, GrainTypeCounters> _byType = new(StringComparer.Ordinal);
    private long _leaseRecoveries;
    private long _leasesLost;

    public long LeaseRecoveries => Interlocked.Read(ref _leaseRecoveries);
    public long LeasesLost => Interlocked.Read(ref _leasesLost);
    public long TurnsCompleted => _byType.Values.Sum(c => c.TurnsCompleted);
    public long TurnsFailed => _byType.Values.Sum(c => c.TurnsFailed);

    public IReadOnlyDictionary<string, GrainTypeCounters> ByGrainType => _byType;

    public GrainTypeCounters For(string grainType) => _byType.GetOrAdd(grainType, _ => new GrainTypeCounters());

    internal void LeaseRecovered() => Interlocked.Increment(ref _leaseRecoveries);
    internal void LeaseLost() => Interlocked.Increment(ref _leasesLost);
}

/// <summary>Counters of one grain type on this node.</summary>
public sealed class GrainTypeCounters
{
    private long _turnsCompleted;
    private long _turnsFailed;
    private long _messagesParked;

    public long TurnsCompleted => Interlocked.Read(ref _turnsCompleted);
    public long TurnsFailed => Interlocked.Read(ref _turnsFailed);
    public long MessagesParked => Interlocked.Read(ref _messagesParked);

    internal void TurnCompleted() => Interlocked.Increment(ref _turnsCompleted);
    internal void TurnFailed() => Interlocked.Increment(ref _turnsFailed);
    internal void MessageParked() => Interlocked.Increment(ref _messagesParked);
}

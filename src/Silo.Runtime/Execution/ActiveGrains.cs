using System.Collections.Concurrent;
using Silo.Runtime.Grains;

namespace Silo.Runtime.Execution;

/// <summary>The grains this node holds leases on right now.</summary>
internal sealed class ActiveGrains
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _active = new();

    public int Count => _active.Count;
    public ICollection<GrainActivation> All => _active.Values;

    public bool Contains(GrainActivation activation) => _active.TryGetValue(activation.Id, out var a) && ReferenceEquals(a, activation);

    /// <summary>
    /// Tracks a new activation. An older one of the same grain on this node (its lease expired while
    /// it still ran, and this node re-claimed the grain) is cancelled: its fence is stale, so its
    /// commit would be refused anyway, and it must not keep calling out.
    /// </summary>
    public void Add(GrainActivation activation) =>
        _active.AddOrUpdate(activation.Id, activation, (_, older) =>
        {
            older.AbortLeaseLost();
            return activation;
        });
    public void Remove(GrainActivation activation) => _active.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
}

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

    public void Add(GrainActivation activation) => _active[activation.Id] = activation;
    public void Remove(GrainActivation activation) => _active.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.Id, activation));
}

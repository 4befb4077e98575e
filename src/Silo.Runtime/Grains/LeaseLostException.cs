namespace Silo.Runtime.Grains;

/// <summary>
/// Thrown when a commit finds the grain's fence moved on: another node holds the grain now, and this
/// node's writes were refused. The turn's effects are discarded; the new owner runs the work again.
/// </summary>
public sealed class LeaseLostException(GrainId id) : Exception($"The lease on grain {id} was lost; the commit was refused.")
{
    public GrainId GrainId { get; } = id;
}

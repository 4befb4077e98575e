using Orleans.Concurrency;

namespace Silo.Hosting.Destinations;

/// <summary>
/// One notification destination (key: its id), delivering the events it hears one at a time, in the order they were
/// committed, each until it is accepted. A standing reminder is the backstop: it finds events whose wake-up was missed.
/// </summary>
[Alias("silo.hosting.IDestinationGrain")]
public interface IDestinationGrain : IGrainWithIntegerKey
{
    /// <summary>Events may be waiting (or the destination was changed or deleted): it looks after the call returns.</summary>
    [Alias("Wake"), OneWay, AlwaysInterleave]
    Task Wake();
}

using Orleans.Concurrency;

namespace Silo.Media.Intake;

/// <summary>
/// One shard of the post intake (keys 0 … <see cref="IntakeOptions.Shards"/> − 1): hands its rows, in the order they were
/// committed, to their post grains and deletes each once its grain has stored it. A reminder per shard is the backstop.
/// </summary>
[Alias("silo.media.IIntakeShardGrain")]
public interface IIntakeShardGrain : IGrainWithIntegerKey
{
    /// <summary>Rows were committed for this shard: they are picked up after the call returns (one-way; never awaited by a request).</summary>
    [Alias("Nudge"), OneWay, AlwaysInterleave]
    Task Nudge();
}

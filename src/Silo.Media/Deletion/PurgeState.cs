namespace Silo.Media.Deletion;

/// <summary>What a purge grain remembers (opaque grain state): who started the purge, how far it got, whether it is over or was stopped.</summary>
[GenerateSerializer, Alias("silo.media.PurgeState")]
public sealed class PurgeState
{
    [Id(0)] public string? Actor { get; set; }
    [Id(1)] public bool Running { get; set; }
    [Id(2)] public int Deleted { get; set; }
    [Id(3)] public DateTimeOffset? StartedAt { get; set; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Stopped by an admin before every post was deleted; the posts deleted by then stay deleted.</summary>
    [Id(5)] public bool Cancelled { get; set; }
}

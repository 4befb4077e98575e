namespace Silo.Media.Deletion;

/// <summary>
/// An admin's deletion of every post of one tenant, or of one of its sources (key <see cref="PurgeIds.Key"/>): a job that
/// deletes the posts a batch at a time through their grains (audit reason <c>tenant</c> or <c>source</c>), resumed by its
/// reminder after a node dies, over once a batch finds no post left.
/// </summary>
[Alias("silo.media.IPurgeGrain")]
public interface IPurgeGrain : IGrainWithStringKey
{
    /// <summary>Starts the purge (a running one goes on as it is); stored by the time the call returns, the deletions come after.</summary>
    [Alias("Start")]
    Task<PurgeView> Start(string actor);

    /// <summary>
    /// Stops a running purge after the batch in hand (stored by the time the call returns); the posts deleted so far stay
    /// deleted. Null when no purge was ever started; the view unchanged when it was not running.
    /// </summary>
    [Alias("Cancel")]
    Task<PurgeView?> Cancel(string actor);

    /// <summary>The purge's progress; null when none was ever started.</summary>
    [Alias("View")]
    Task<PurgeView?> View();
}

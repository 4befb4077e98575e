namespace Silo.Media.Backfill;

/// <summary>
/// A run a person steers while it goes on in the background (a history walk, a Patreon crawl). Every command carries the
/// caller's tenant: another tenant's run answers false and is left as it is; tenant <c>*</c> acts on every run.
/// </summary>
[Alias("silo.media.ISteeredRun")]
public interface ISteeredRun : IGrainWithStringKey
{
    /// <summary>Stops after the step in hand; false when the run is not running.</summary>
    [Alias("Pause")]
    Task<bool> Pause(string callerTenant);

    /// <summary>Goes on from the last stored step, after a pause or a failure (a renewed token); false otherwise.</summary>
    [Alias("Resume")]
    Task<bool> Resume(string callerTenant);

    /// <summary>Ends the run where it stands (posts already handed on stay); false when it has already ended.</summary>
    [Alias("Cancel")]
    Task<bool> Cancel(string callerTenant);
}

namespace Silo.Media.Scrub;

/// <summary>
/// The cluster's integrity scrub (key <see cref="ScrubIds.Cluster"/>): objects are shared across tenants, so only the
/// operator (tenant <c>*</c>) starts or cancels it. Each method returns once its change is persisted; the run itself goes on
/// step by step after the call returns. Reports are read from <c>scrub_runs</c> and <c>scrub_findings</c>.
/// </summary>
[Alias("silo.media.IScrubGrain")]
public interface IScrubGrain : IGrainWithStringKey
{
    /// <summary>Starts a run now, unless one is running; false for another tenant than <c>*</c> or while a run is in progress.</summary>
    [Alias("Start")]
    Task<bool> Start(string callerTenant);

    /// <summary>Ends the run in progress where it stands (its findings so far stay); false when none runs.</summary>
    [Alias("Cancel")]
    Task<bool> Cancel(string callerTenant);

    /// <summary>Plans the first run (one <c>Interval</c> from now) unless a run is running or planned: called on a silo's start.</summary>
    [Alias("Plan")]
    Task Plan();
}

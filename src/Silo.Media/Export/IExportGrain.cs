namespace Silo.Media.Export;

/// <summary>
/// One archive export (keyed by its export id): the tenant's posts that match its request written, a segment at a time, as
/// tar objects in the blob store under <c>exports/{id}/</c>, then the <c>SHA256SUMS</c> manifest. Each method returns once
/// its change is stored; the segments are written after the call returns. Its progress is read from the table
/// (<see cref="ExportQueries"/>).
/// </summary>
[Alias("silo.media.IExportGrain")]
public interface IExportGrain : IGrainWithStringKey
{
    /// <summary>Stores the request and starts writing; false when this export id was already used (nothing changed).</summary>
    [Alias("Start")]
    Task<bool> Start(ExportRequest request, string requestedBy);

    /// <summary>Stops writing; false when it is not running or <paramref name="callerTenant"/> does not act for its tenant.</summary>
    [Alias("Cancel")]
    Task<bool> Cancel(string callerTenant);

    /// <summary>
    /// Deletes the archive's parts from the store (stopping a running export first) and marks it <see cref="ExportStatus.Expired"/>;
    /// true also when it already was. False when it does not exist or <paramref name="callerTenant"/> does not act for its tenant.
    /// </summary>
    [Alias("Delete")]
    Task<bool> Delete(string callerTenant);
}

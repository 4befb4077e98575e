namespace Silo.Media.Deletion;

/// <summary>The cluster's one sweep of released files (key 0), woken by its standing reminder every <see cref="DeletionOptions.SweepPeriod"/>.</summary>
[Alias("silo.media.IFileSweepGrain")]
public interface IFileSweepGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the sweep's reminder exists and looks for due files right after the call returns.</summary>
    [Alias("Wake")]
    Task Wake();
}

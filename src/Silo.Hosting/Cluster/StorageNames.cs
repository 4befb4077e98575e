namespace Silo.Hosting.Cluster;

/// <summary>Names of the grain storage providers every silo registers.</summary>
public static class StorageNames
{
    /// <summary>
    /// Opaque grain state (a poll cursor, an account's cool-down) in Orleans' ADO.NET store. State
    /// names must be unique per grain type: the store keys rows by state name and grain id, not type.
    /// </summary>
    public const string Opaque = "opaque";
}

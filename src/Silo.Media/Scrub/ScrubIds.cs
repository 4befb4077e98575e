namespace Silo.Media.Scrub;

/// <summary>The scrub grain's key: stored objects are shared across tenants by SHA-256, so there is one scrub, the cluster's.</summary>
public static class ScrubIds
{
    public const string GrainType = "scrub";
    public const string Cluster = "cluster";
    public const string StorageName = "scrubs";
}

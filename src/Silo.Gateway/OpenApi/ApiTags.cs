namespace Silo.Gateway.OpenApi;

/// <summary>What each tag of the document groups, for readers and generated clients.</summary>
internal static class ApiTags
{
    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        ["Health"] = "Liveness and readiness probes; public.",
        ["Metrics"] = "Prometheus metrics of the node and the cluster.",
        ["Cluster"] = "The cluster's nodes and grains.",
        ["Dashboard"] = "The figures the dashboard page shows.",
        ["Webhooks"] = "Meta's webhooks; public, authenticated by Meta's signature.",
        ["Posts"] = "Archived Facebook and Instagram posts with their media (seed 003).",
        ["Media"] = "Archived media files, storage usage and Instagram polling.",
        ["Alerts"] = "Alerts raised by the archive and the insights sync.",
        ["Notifications"] = "Destinations (signed webhooks, Slack-compatible webhooks) told of alerts, failures and finished jobs.",
        ["Deletion"] = "Deleting posts (their files kept for a grace period, then freed) and the deletions' audit lines.",
        ["Insights"] = "Meta Ads insights: overview, drill-downs, export and manual syncs (seed 004).",
        ["Publishing"] = "Story batches published through Metricool (seed 001).",
    };
}

namespace Silo.Publishing.Metricool;

/// <summary>
/// Whose Metricool brand a call is for: every v2 call carries <c>userId</c> and <c>blogId</c>, and the brand's tenant's own
/// API token when it has one (<c>Silo:Tenants:&lt;tenant&gt;:Tokens:metricool</c>; null: the cluster's <c>Silo:Metricool:Token</c>).
/// Built for each call from the batch and the configuration, never stored.
/// </summary>
public sealed record MetricoolAccount(string UserId, string BlogId, string? Token = null)
{
    /// <summary>The token stays out of logs and exceptions that print the record.</summary>
    public override string ToString() => $"MetricoolAccount {{ UserId = {UserId}, BlogId = {BlogId} }}";
}

namespace Silo.Publishing.Metricool;

/// <summary>Whose Metricool brand a call is for: every v2 call carries <c>userId</c> and <c>blogId</c>.</summary>
public sealed record MetricoolAccount(string UserId, string BlogId);

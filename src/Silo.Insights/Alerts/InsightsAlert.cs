namespace Silo.Insights.Alerts;

/// <summary>An open alert of this module (expired token, rate limit exhausted).</summary>
public sealed record InsightsAlert(long Id, string AccountId, string Kind, string Message, DateTimeOffset CreatedAt);

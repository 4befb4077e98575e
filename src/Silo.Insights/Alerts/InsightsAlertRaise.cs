namespace Silo.Insights.Alerts;

/// <summary>An alert to open for an ad account unless one of its kind is already open.</summary>
public sealed record InsightsAlertRaise(string AccountId, string Kind, string Message);

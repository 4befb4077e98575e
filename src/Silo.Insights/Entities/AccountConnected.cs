namespace Silo.Insights.Entities;

/// <summary>An ad account was connected (or reconnected): discover its entities now and on every interval.</summary>
public sealed record AccountConnected(string AccountId);

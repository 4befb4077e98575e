namespace Silo.Insights;

/// <summary>Where insights come from: a deterministic generator or Meta's Graph Marketing API.</summary>
public enum InsightsMode
{
    Stub,
    Live,
}

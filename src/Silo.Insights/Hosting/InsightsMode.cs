namespace Silo.Insights.Hosting;

/// <summary>Where insights come from: a deterministic generator or Meta's Graph Marketing API.</summary>
public enum InsightsMode
{
    Stub,
    Live,
}

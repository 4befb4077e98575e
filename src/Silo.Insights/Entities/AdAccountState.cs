namespace Silo.Insights.Entities;

/// <summary>The account grain's state: which entities it last saw active, so it tells only the ones that changed.</summary>
public sealed class AdAccountState
{
    public bool Connected { get; set; }
    public Dictionary<string, bool> Entities { get; set; } = [];

    /// <summary>The refresh schedule (enabled, interval) the entities were last told; a change re-tells them all.</summary>
    public string? Schedule { get; set; }
}

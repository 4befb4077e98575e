namespace Silo.Insights.Entities;

/// <summary>The account grain's state: which entities it last saw active, so it tells only the ones that changed.</summary>
public sealed class AdAccountState
{
    public bool Connected { get; set; }
    public Dictionary<string, bool> Entities { get; set; } = [];
}

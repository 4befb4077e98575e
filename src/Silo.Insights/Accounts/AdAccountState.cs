
namespace Silo.Insights.Accounts;

/// <summary>
/// The account grain's state, its <c>ad_accounts</c> row (<see cref="AdAccountStorage"/>):
/// the connection, which entities it last told and how, and — for one write only — the listing
/// discovery found and whether this write reconnects the account.
/// </summary>
public sealed class AdAccountState
{
    public string Tenant { get; set; } = "";
    public string Name { get; set; } = "";
    public string TokenRef { get; set; } = "";

    /// <summary>Entities told, by <c>type/id</c>, with whether they were told to refresh.</summary>
    public Dictionary<string, bool> Entities { get; set; } = [];

    /// <summary>Ads told, by id, with the creative id they were told (sql/023); a new creative tells the ad again.</summary>
    public Dictionary<string, string> Creatives { get; set; } = [];

    /// <summary>The refresh schedule (enabled, interval) the entities were last told; a change re-tells them all.</summary>
    public string? Schedule { get; set; }

    /// <summary>Set for one write: the listing to store in <c>ad_entities</c> with the account row.</summary>
    public IReadOnlyList<DiscoveredEntity>? Listing { get; set; }

    /// <summary>Set for one write: a (re)connect, which clears an expired-token stop and its alert.</summary>
    public bool Reconnect { get; set; }

    public bool Connected => Tenant.Length > 0;
}

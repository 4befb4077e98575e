using Silo.Insights.Creatives;
namespace Silo.Insights.Entities;

/// <summary>
/// An ad entity grain's state, its <c>ad_entities</c> row (<see cref="AdEntityStorage"/>).
/// The hierarchy and <see cref="Active"/> are what the account's discovery listed; the rest is the
/// grain's own. <see cref="Completion"/> is set for one write: the refresh outcome stored with it.
/// </summary>
public sealed class AdEntityState
{
    public string AccountId { get; set; } = "";
    public string CampaignId { get; set; } = "";
    public string? AdSetId { get; set; }
    public bool Active { get; set; }

    /// <summary>Period of the registered refresh reminder, or null when none is registered.</summary>
    public TimeSpan? RefreshPeriod { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public string? LastError { get; set; }
    public int LastDaysBack { get; set; }

    /// <summary>Refreshes in a row that failed at Meta's side (not skipped for an expired token); reset by a success.</summary>
    public int ConsecutiveFailures { get; set; }
    public PendingRefresh? Pending { get; set; }

    public RefreshCompletion? Completion { get; set; }

    /// <summary>An ad's creative and its archive (null for campaigns, ad sets and ads with no creative listed).</summary>
    public CreativeProgress? Creative { get; set; }

    /// <summary>Once a write has committed: what was set for that write only is cleared.</summary>
    public void Stored()
    {
        Completion = null;
        Creative?.Stored();
    }

    /// <summary>Whether its account's discovery has listed it (a grain of an unlisted id stores nothing).</summary>
    public bool Listed => AccountId.Length > 0;
}

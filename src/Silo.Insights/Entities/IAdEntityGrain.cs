using Silo.Insights.Sync;
namespace Silo.Insights.Entities;

/// <summary>A campaign, ad set or ad (key: its Meta id). Implemented by <see cref="ICampaignGrain"/>, <see cref="IAdSetGrain"/>, <see cref="IAdGrain"/>.</summary>
[Alias("silo.insights.IAdEntityGrain")]
public interface IAdEntityGrain : IGrainWithStringKey
{
    /// <summary>Its account's discovery listed it: an active one refreshes on its reminder, a paused or removed one stops.</summary>
    [Alias("Track")]
    Task Track(EntityDiscovered discovered);

    /// <summary>Joins the refresh to a sync run; returns once the refresh is persisted, and does the refresh after answering.</summary>
    [Alias("Refresh")]
    Task Refresh(SyncRequested request);
}

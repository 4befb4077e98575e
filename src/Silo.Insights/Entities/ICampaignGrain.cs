namespace Silo.Insights.Entities;

/// <summary>A campaign grain (<c>campaign</c> level insights).</summary>
[Alias("silo.insights.ICampaignGrain")]
public interface ICampaignGrain : IAdEntityGrain;

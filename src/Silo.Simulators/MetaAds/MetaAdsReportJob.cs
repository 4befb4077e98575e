namespace Silo.Simulators.MetaAds;

/// <summary>An async insights job (<c>report_run_id</c>): running for a few polls, then "Job Completed" or "Job Failed".</summary>
public sealed class MetaAdsReportJob(string id, string objectId, string accountId, string level, DateOnly since, DateOnly until, int pollsToComplete, bool fails, int timeIncrement = 1)
{
    public string Id { get; } = id;
    public string ObjectId { get; } = objectId;
    public string AccountId { get; } = accountId;
    public string Level { get; } = level;
    public DateOnly Since { get; } = since;
    public DateOnly Until { get; } = until;
    public bool Fails { get; } = fails;

    /// <summary>Days per row (<c>time_increment</c>); 1 = daily.</summary>
    public int TimeIncrement { get; } = timeIncrement;
    public int PollsLeft { get; set; } = pollsToComplete;

    /// <summary>The campaigns the job's <c>filtering</c> keeps (<c>campaign.id IN […]</c>); null when it has none.</summary>
    public IReadOnlyList<string>? CampaignIds { get; init; }
}

using System.ComponentModel.DataAnnotations;

namespace Silo.Insights.Hosting;

/// <summary>
/// Meta Ads insights. Section <c>Silo:Insights</c>; seed 004's environment names (META_INSIGHTS_MODE,
/// INSIGHTS_SYNC_INTERVAL_MINUTES, …) are mapped onto it by <see cref="InsightsEnvironment"/>.
/// </summary>
public sealed class InsightsOptions : IValidatableObject
{
    public const string Section = "Silo:Insights";

    /// <summary>Meta keeps 37 months of insights; asking for more is an error on their side.</summary>
    public const int MetaRetentionDays = 1126;

    /// <summary><c>stub</c> (default, no credentials) or <c>live</c> (META_INSIGHTS_MODE).</summary>
    public InsightsMode Mode { get; set; } = InsightsMode.Stub;

    /// <summary>Whether entities refresh on their periodic reminder (INSIGHTS_SYNC_ENABLED). Default true.</summary>
    public bool SyncEnabled { get; set; } = true;

    /// <summary>Period of each entity's refresh and of account discovery (INSIGHTS_SYNC_INTERVAL_MINUTES). Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Days re-read by a scheduled refresh: conversions are attributed late. Default 28.</summary>
    [Range(1, MetaRetentionDays)] public int LookbackDays { get; set; } = 28;

    /// <summary>Largest <c>days</c> / <c>days_back</c> accepted (INSIGHTS_MAX_DAYS_BACK). Default 365, never above 37 months.</summary>
    [Range(1, MetaRetentionDays)] public int MaxDaysBack { get; set; } = 365;

    /// <summary>
    /// Longest one CSV export may take, from its first row to its last. The rows stream from a pooled
    /// database connection to the client, so a client reading slowly would hold that connection as long
    /// as it likes; past this the download is aborted (the client sees a broken transfer, never a short
    /// file that looks whole) and the connection returns to the pool. Default 5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan ExportTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait after a rate limit without an estimate; doubles per retry (META_API_RATE_LIMIT_RETRY_DELAY, seconds). Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan RateLimitRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Rate-limited retries of one refresh before it is reported as an error (META_API_MAX_RETRIES). Default 3.</summary>
    [Range(0, 20)] public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Usage (percent, any usage header) at which the account stops every call until Meta's
    /// <c>estimated_time_to_regain_access</c> (else <see cref="RateLimitRetryDelay"/>). Default 95.
    /// </summary>
    [Range(1, 100)] public double HighUsagePercent { get; set; } = 95;

    /// <summary>Usage at which an account's report grains start no new report job (polls and pages go on). Default 85.</summary>
    [Range(1, 100)] public double PauseUsagePercent { get; set; } = 85;

    /// <summary>Usage at which an account's report grains wait <see cref="ReportPollInterval"/> more between calls. Default 70.</summary>
    [Range(1, 100)] public double SlowUsagePercent { get; set; } = 70;

    /// <summary>
    /// Live mode: one async report per account, level and run, its rows handed to the entities (true), or one
    /// report per entity as before (false; kept to measure the difference). Default true.
    /// </summary>
    public bool AccountReports { get; set; } = true;

    /// <summary>
    /// Campaigns per account report job (seed 004's <c>INSIGHTS_DEFAULT_BATCH_SIZE</c>: "campaigns in batches of 5"): each
    /// level's report of a run is asked as one job per this many of the account's campaigns (<c>filtering</c> on
    /// <c>campaign.id</c>), so no one job has to hold a very large account. Default 0: the whole account in one job, the fewest
    /// calls. Live mode with <see cref="AccountReports"/> only.
    /// </summary>
    [Range(0, 1000)] public int CampaignBatchSize { get; set; }

    /// <summary>Rows asked per page of a report's insights. Default 5000.</summary>
    [Range(1, 10_000)] public int ReportPageSize { get; set; } = 5000;

    /// <summary>
    /// How many times a report that fails ("Job Failed", "Job Skipped", or over <see cref="MaxReportPolls"/>) is split
    /// into halves of its date range and asked again before the refresh is reported as failed. Default 2 (28 → 14 → 7 days).
    /// </summary>
    [Range(0, 10)] public int MaxReportSplits { get; set; } = 2;

    /// <summary>
    /// The Meta app's secret (seed 004's <c>META_APP_SECRET</c>): when set, every Marketing API call carries its
    /// <c>appsecret_proof</c>. Never logged.
    /// </summary>
    public string? AppSecret { get; set; }

    /// <summary>Graph API root (live mode). Default Meta's production host.</summary>
    [Required] public Uri GraphBaseUrl { get; set; } = new("https://graph.facebook.com/");

    /// <summary>Graph API version in every path. Default v21.0.</summary>
    [Required, RegularExpression(@"^v\d+\.\d+$")] public string ApiVersion { get; set; } = "v21.0";

    /// <summary>Delay between polls of an async report job. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")] public TimeSpan ReportPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Polls before a report job that never reaches "Job Completed" counts as failed. Default 120.</summary>
    [Range(1, 10_000)] public int MaxReportPolls { get; set; } = 120;

    /// <summary>How long POST sync-now waits for the report before answering 202 with the run so far. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")] public TimeSpan SyncNowWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Period of the reminder that takes up a refresh left pending when its node stopped (its timer
    /// lost with it): the longest such a refresh waits to resume elsewhere. Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan RefreshBackstop { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A manual sync without <c>force</c> skips entities refreshed this recently. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan FreshFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often each node checks seed 004's alert lines (slow sync, rate-limit hits per hour, entities
    /// in error) and opens or resolves those alerts. Default 1 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")] public TimeSpan AlertCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A sync is slow when it took more than twice its account's historical average and at least this
    /// long, so a sub-second run that took 0.4 s instead of 0.2 s raises nothing. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan SlowSyncMinimum { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stub mode: campaigns per ad account. Default 4.</summary>
    [Range(1, 10_000)] public int StubCampaigns { get; set; } = 4;

    /// <summary>Stub mode: ad sets per campaign. Default 3.</summary>
    [Range(1, 100)] public int StubAdSetsPerCampaign { get; set; } = 3;

    /// <summary>Stub mode: ads per ad set. Default 2.</summary>
    [Range(1, 100)] public int StubAdsPerAdSet { get; set; } = 2;

    /// <summary>
    /// Whether each ad's creative is read through the Marketing API and its image, video and thumbnail archived through
    /// the media archiver (issue 22). Default true.
    /// </summary>
    public bool ArchiveCreatives { get; set; } = true;

    /// <summary>First wait after a creative's archive failed (the CDN, the Marketing API or the store); doubles per failure, at most 6 h. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "06:00:00")] public TimeSpan CreativeRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts at a creative before it stays <c>failed</c> until discovery lists another creative for the ad. Default 10.</summary>
    [Range(1, 100)] public int CreativeMaxAttempts { get; set; } = 10;

    /// <summary>Stub mode: the image every odd ad's creative shows (the demo points it at its CDN). Default none: stub ads have no creative.</summary>
    public Uri? StubCreativeImageUrl { get; set; }

    /// <summary>Stub mode: the video every even ad's creative shows. Default none (even ads show the image too).</summary>
    public Uri? StubCreativeVideoUrl { get; set; }

    /// <summary>Stub mode: every stub creative's thumbnail. Default none.</summary>
    public Uri? StubCreativeThumbnailUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LookbackDays > MaxDaysBack)
            yield return new ValidationResult($"must not exceed MaxDaysBack ({MaxDaysBack}).", [nameof(LookbackDays)]);
        if (Mode == InsightsMode.Live && GraphBaseUrl is { IsAbsoluteUri: false })
            yield return new ValidationResult("must be an absolute URL in live mode.", [nameof(GraphBaseUrl)]);
        if (SlowUsagePercent > PauseUsagePercent || PauseUsagePercent > HighUsagePercent)
            yield return new ValidationResult("usage tiers must rise: SlowUsagePercent ≤ PauseUsagePercent ≤ HighUsagePercent.",
                [nameof(SlowUsagePercent), nameof(PauseUsagePercent), nameof(HighUsagePercent)]);
    }
}

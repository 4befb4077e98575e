namespace Silo.Cluster.Tests.Support;

/// <summary>
/// The settings every node of the fault suite shares (the silo processes get them as
/// <c>--Key=Value</c> arguments, the in-process gateway as configuration; each silo process adds its
/// own ports). Quick retries keep the run short; media retries span longer than any fault window, so
/// a fault that ends is retried past rather than given up on.
/// </summary>
public static class ClusterSettings
{
    public const string AdminKey = Silo.Testing.TestNode.AdminKey;
    public const string AppSecret = "fault_suite_app_secret";
    public const string GraphToken = "fault_suite_graph_token";
    public const string MetricoolToken = "fault_suite_metricool_token";
    public const string AdsToken = "fault_suite_ads_token";
    public const string AdsTokenName = "ads";
    public const string PageId = "700800900";

    public static Dictionary<string, string?> For(string connectionString, Uri simulators, string mediaRoot) => new()
    {
        // Four nodes share one server (with other databases on it while developing): bounded pools.
        ["ConnectionStrings:Silo"] = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 30 }.ConnectionString,
        ["Urls"] = "http://127.0.0.1:0",
        ["SILO_ADMIN_KEY"] = AdminKey,
        ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("SILO_TEST_LOG_LEVEL") ?? "Warning",
        // Orleans' membership as deployed (Silo:Cluster defaults): the takeover times are the product's.
        // Reminders down to 1 s so retries and backstops fit the suite's short fault windows.
        ["Silo:Cluster:MinimumReminderPeriod"] = "00:00:01",
        // The Orleans Dashboard watches and is not under test here: its grain-call profiling on every silo and its asset gzip at
        // every process start cost CPU the suite's faults and load need (as for the other test nodes, see TestNode).
        ["Silo:Dashboard:OrleansDashboard"] = "false",

        ["Silo:Media:AllowedHosts:0"] = $"127.0.0.1:{simulators.Port}",
        ["Silo:Media:AllowLoopbackForTesting"] = "true",
        ["Silo:Media:ResponseTimeout"] = "00:00:03",
        ["Silo:Media:DownloadTimeout"] = "00:00:10",
        ["Silo:Media:MaxAttempts"] = "8",
        ["Silo:Media:RetryBaseDelay"] = "00:00:01",
        ["Silo:Media:RetryMaxDelay"] = "00:00:05",
        ["Silo:Media:Storage:Root"] = mediaRoot,
        // The backstop reminder of work in flight: after a silo is declared dead, the first tick
        // meets the dead address and fails, the next one activates the grain elsewhere, so recovery
        // takes detection plus about two periods (see docs/fault-suite.md).
        ["Silo:Media:ArchiveReminderPeriod"] = "00:00:02",
        ["Silo:Meta:AppSecret"] = AppSecret,
        ["Silo:Meta:VerifyToken"] = "fault_suite_verify_token",
        ["Silo:Meta:AccessToken"] = GraphToken,
        ["Silo:Meta:GraphBaseUrl"] = new Uri(simulators, "graph").ToString(),
        [$"Silo:Meta:Tenants:{PageId}"] = "faults",
        // What the operator gives tenant faults (Silo:Tenants): its ad account with its own token, its Metricool blog.
        [$"Silo:Tenants:faults:AdAccounts:0"] = InsightsLoad.AccountId,
        [$"Silo:Tenants:faults:Tokens:{AdsTokenName}"] = AdsToken,
        [$"Silo:Tenants:faults:MetricoolBlogs:0"] = PublishLoad.AccountId,

        ["Silo:Publishing:ConfirmationPollInterval"] = "00:00:00.300",
        ["Silo:Publishing:StepBackstopPeriod"] = "00:00:02",
        ["Silo:Publishing:LookupDelay"] = "00:00:00.500",
        ["Silo:Publishing:Metricool:BaseUrl"] = new Uri(simulators, "metricool").ToString(),
        ["Silo:Publishing:Metricool:Token"] = MetricoolToken,
        ["Silo:Publishing:Metricool:CreateTimeout"] = "00:00:03",
        ["Silo:Publishing:Metricool:ReadTimeout"] = "00:00:03",
        ["Silo:Publishing:Metricool:ReadRetryDelay"] = "00:00:00.200",

        ["Silo:Insights:Mode"] = "live",
        ["Silo:Insights:GraphBaseUrl"] = new Uri(simulators, "ads/").ToString(),
        ["Silo:Insights:SyncInterval"] = "00:00:20",
        ["Silo:Insights:LookbackDays"] = "7",
        ["Silo:Insights:ReportPollInterval"] = "00:00:00.300",
        ["Silo:Insights:RateLimitRetryDelay"] = "00:00:01",
    };

    /// <summary>The same settings as command-line arguments of <c>silo run</c>.</summary>
    public static IEnumerable<string> AsArguments(IReadOnlyDictionary<string, string?> settings) =>
        settings.Select(s => $"--{s.Key}={s.Value}");
}

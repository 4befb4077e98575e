using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Insights.Hosting;
using Silo.Insights.Reports;
using Silo.Simulators.MetaAds;

namespace Silo.Insights.Tests.Simulators;

public sealed class MetaAdsSimulatorTests : IAsyncLifetime
{
    private const string Token = "sim-token";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private MetaAdsSimulatorHost _host = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await MetaAdsSimulatorHost.StartAsync();
        _host.Simulator.AddToken(Token);
        _http = new HttpClient { BaseAddress = _host.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Faults_SwitchedOverHttp_NextCallGetsMetaErrorBodyAndRegainEstimate()
    {
        _host.Simulator.AddAccount("act_7", 1, 1, 1);
        var set = await _http.PostAsJsonAsync("_sim/faults", new { rate_limit_next = 1, rate_limit_code = 17, regain_minutes = 3 }, Ct);
        set.EnsureSuccessStatusCode();

        var limited = await _http.GetAsync("v21.0/act_7/campaigns", Ct);
        var after = await _http.GetAsync("v21.0/act_7/campaigns", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, limited.StatusCode);
        var error = (await limited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error");
        Assert.Equal(17, error.GetProperty("code").GetInt32());
        Assert.Equal(2446079, error.GetProperty("error_subcode").GetInt32());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
        Assert.True(error.TryGetProperty("fbtrace_id", out _));
        var usage = JsonDocument.Parse(limited.Headers.GetValues("X-Business-Use-Case-Usage").Single()).RootElement;
        Assert.Equal(3, usage.GetProperty("7")[0].GetProperty("estimated_time_to_regain_access").GetInt32());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ReportJob_Polled_Reports100PercentBeforeJobCompleted()
    {
        var campaign = _host.Simulator.AddAccount("act_8", 1, 1, 1).First(e => e.Level == "campaign");
        var created = await _http.PostAsync($"v21.0/{campaign.Id}/insights", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["level"] = "ad", ["time_increment"] = "1", ["time_range"] = """{"since":"2026-01-01","until":"2026-01-03"}""",
        }), Ct);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("report_run_id").GetString();

        var statuses = new List<(string?, int)>();
        for (var i = 0; i < 3; i++)
        {
            var job = await _http.GetFromJsonAsync<JsonElement>($"v21.0/{runId}", Ct);
            statuses.Add((job.GetProperty("async_status").GetString(), job.GetProperty("async_percent_completion").GetInt32()));
        }
        var rows = await _http.GetFromJsonAsync<JsonElement>($"v21.0/{runId}/insights", Ct);

        Assert.Equal([("Job Running", 50), ("Job Running", 100), ("Job Completed", 100)], statuses);
        Assert.Equal(3, rows.GetProperty("data").GetArrayLength());
        Assert.Equal("2026-01-01", rows.GetProperty("data")[0].GetProperty("date_start").GetString());
    }

    [Fact]
    public async Task Request_ExpiredToken_Code190WithSubcode463()
    {
        _host.Simulator.AddAccount("act_9", 1, 1, 1);
        _host.Simulator.ExpireToken(Token);

        var response = await _http.GetAsync("v21.0/act_9/ads", Ct);

        var error = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error");
        Assert.Equal(190, error.GetProperty("code").GetInt32());
        Assert.Equal(463, error.GetProperty("error_subcode").GetInt32());
    }

    [Fact]
    public async Task List_MoreThanOnePage_AbsoluteNextLinkOnSameHost()
    {
        _host.Simulator.AddAccount("act_10", 3, 1, 1);

        var first = await _http.GetFromJsonAsync<JsonElement>("v21.0/act_10/campaigns?limit=2", Ct);
        var next = new Uri(first.GetProperty("paging").GetProperty("next").GetString()!);
        var second = await _http.GetFromJsonAsync<JsonElement>(next, Ct);

        Assert.Equal(_host.BaseUrl.Authority, next.Authority);
        Assert.Equal(2, first.GetProperty("data").GetArrayLength());
        Assert.Equal(1, second.GetProperty("data").GetArrayLength());
        Assert.False(second.GetProperty("paging").TryGetProperty("next", out _));
    }

    [Fact]
    public async Task UsageHeaders_UsagePerCall_RiseWithTheAccountsLoad()
    {
        _host.Simulator.AddAccount("act_11", 1, 1, 1);
        _host.Simulator.SetFaults(new MetaAdsFaults { UsagePercent = 10, UsagePerCall = 20 });

        var percents = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var response = await _http.GetAsync("v21.0/act_11/campaigns", Ct);
            percents.Add(JsonDocument.Parse(response.Headers.GetValues("X-Ad-Account-Usage").Single()).RootElement.GetProperty("acc_id_util_pct").GetInt32());
        }

        // Each answer counts the account's requests up to and including it, capped at 100.
        Assert.Equal([30, 50, 70, 90, 100], percents);
        Assert.Equal(5, _host.Simulator.Calls("act_11"));
    }

    [Fact]
    public async Task ReportJob_AccountLevelWithTimeIncrement_RowsPerEntityAndIncrementAndCounted()
    {
        _host.Simulator.AddAccount("act_12", 2, 1, 1);
        _host.Simulator.SetFaults(new MetaAdsFaults { JobPolls = 0 });
        var created = await _http.PostAsync("v21.0/act_12/insights", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["level"] = "adset", ["time_increment"] = "2", ["time_range"] = """{"since":"2026-01-01","until":"2026-01-04"}""",
        }), Ct);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("report_run_id").GetString();

        var rows = (await _http.GetFromJsonAsync<JsonElement>($"v21.0/{runId}/insights?limit=5000", Ct)).GetProperty("data");

        // 2 ad sets × 2 periods of 2 days.
        Assert.Equal(4, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(1, DateOnly.Parse(r.GetProperty("date_stop").GetString()!).DayNumber
            - DateOnly.Parse(r.GetProperty("date_start").GetString()!).DayNumber));
        var job = Assert.Single(_host.Simulator.ReportJobs("act_12"));
        Assert.Equal(("act_12", "adset", 2), (job.ObjectId, job.Level, job.TimeIncrement));
    }

    [Fact]
    public async Task ReportJob_FailJobsOverDays_LargeRangeFailsSmallOneCompletes()
    {
        _host.Simulator.AddAccount("act_13", 1, 1, 1);
        _host.Simulator.SetFaults(new MetaAdsFaults { JobPolls = 0, FailJobsOverDays = 7 });

        async Task<string?> StatusAsync(string since, string until)
        {
            var created = await _http.PostAsync("v21.0/act_13/insights", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["level"] = "ad", ["time_increment"] = "1", ["time_range"] = $$"""{"since":"{{since}}","until":"{{until}}"}""",
            }), Ct);
            var runId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("report_run_id").GetString();
            return (await _http.GetFromJsonAsync<JsonElement>($"v21.0/{runId}", Ct)).GetProperty("async_status").GetString();
        }

        Assert.Equal("Job Failed", await StatusAsync("2026-01-01", "2026-01-08"));
        Assert.Equal("Job Completed", await StatusAsync("2026-01-01", "2026-01-07"));
    }
}

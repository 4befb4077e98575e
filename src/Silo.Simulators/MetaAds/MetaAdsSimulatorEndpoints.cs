using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.MetaAds;

/// <summary>
/// Mounts the Graph Marketing API stand-in under a prefix of any ASP.NET app
/// (<c>app.MapMetaAdsSimulator("/ads", simulator)</c>): edges <c>/{version}/act_{id}/campaigns|adsets|ads</c>,
/// <c>POST /{version}/{object}/insights</c> (async job → <c>report_run_id</c>), <c>GET /{version}/{report_run_id}</c>
/// (<c>async_status</c>), <c>GET /{version}/{report_run_id}/insights</c> (paged rows), an ad's creative and an ad video
/// (<c>GET /{version}/{ad_id}?fields=creative{…}</c>, <c>GET /{version}/{video_id}?fields=source,picture</c>), usage headers on every
/// answer, Meta's error bodies for faults. Faults switch over HTTP under <c>{prefix}/_sim/</c>.
/// </summary>
public static class MetaAdsSimulatorEndpoints
{
    private static readonly JsonSerializerOptions Plain = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private static readonly string[] Edges = ["campaigns", "adsets", "ads"];

    /// <summary>Largest <c>limit</c> served per page (Meta's own ceiling is not documented; 5000 is what Silo asks of reports).</summary>
    public const int MaxPageSize = 5000;

    public static RouteGroupBuilder MapMetaAdsSimulator(this IEndpointRouteBuilder app, string prefix, MetaAdsSimulator simulator)
    {
        var group = app.MapGroup(prefix).ExcludeFromDescription();
        group.MapGet("/_sim/faults", () => Results.Json(simulator.Faults));
        group.MapPost("/_sim/faults", (MetaAdsFaults faults) => { simulator.SetFaults(faults); return Results.Json(simulator.Faults); });
        group.MapGet("/_sim/requests", () => Results.Json(simulator.Requests));
        group.MapPost("/_sim/tokens/{token}", (string token) => { simulator.AddToken(token); return Results.NoContent(); });
        group.MapPost("/_sim/tokens/{token}/expire", (string token) => { simulator.ExpireToken(token); return Results.NoContent(); });

        group.MapGet("/{version}/{id}/{edge}", (HttpContext context, string id, string edge) =>
            Serve(simulator, context, id, () => edge == "insights" ? Insights(simulator, context, id) : List(simulator, context, id, edge)));
        group.MapPost("/{version}/{id}/insights", (HttpContext context, string id) => Serve(simulator, context, id, () => StartJob(simulator, context, id)));
        group.MapGet("/{version}/{id}", (HttpContext context, string id) => Serve(simulator, context, id, () =>
            simulator.Entity(id) is { Level: "ad" } ad ? Task.FromResult(MetaAdsCreatives.Ad(simulator, context, ad))
            : simulator.Video(id) is { } video ? Task.FromResult(MetaAdsCreatives.Video(context, video))
            : JobStatus(simulator, id)));
        return group;
    }

    private static async Task<IResult> Serve(MetaAdsSimulator simulator, HttpContext context, string objectId, Func<Task<IResult>> handle)
    {
        var faults = simulator.Faults;
        if (faults.LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), simulator.Time, context.RequestAborted);
        var account = simulator.AccountOf(objectId);
        var result = await Check(simulator, context, account) ?? await handle();
        var (status, code) = result is ErrorResult e ? (e.Status, (int?)e.Code) : (200, null);
        simulator.Record(new MetaAdsRequest(simulator.Time.GetUtcNow(), context.Request.Method, context.Request.Path, account, status, code));
        UsageHeaders(context, account, simulator.UsagePercent(account), result is ErrorResult { RegainMinutes: var regain } ? regain : 0);
        return result is ErrorResult error ? Results.Json(error.Body, Plain, statusCode: error.Status) : result;
    }

    private static async Task<IResult?> Check(MetaAdsSimulator simulator, HttpContext context, string? account)
    {
        var token = await Token(context);
        if (token is null) return new ErrorResult(400, 104, MetaAdsErrors.Body(104, "An access token is required to request this resource."));
        switch (simulator.TokenState(token))
        {
            case null:
                return new ErrorResult(400, 190, MetaAdsErrors.Body(190, "Invalid OAuth access token - Cannot parse access token"));
            case "expired":
                var expiredOn = simulator.Time.GetUtcNow().AddHours(-1).ToString("dddd, dd-MMM-yy HH:mm:ss 'PDT'", CultureInfo.InvariantCulture);
                return new ErrorResult(400, 190, MetaAdsErrors.Body(190, $"Error validating access token: Session has expired on {expiredOn}.", 463));
        }
        if (MetaGraph.AppSecretProofCheck.Refusal(context, simulator.AppSecret, token) is { } refusal)
            return new ErrorResult(400, 100, MetaAdsErrors.Body(100, refusal, type: "GraphMethodException"));
        switch (simulator.TakeFault(account))
        {
            case "server_error":
                return new ErrorResult(500, 2, MetaAdsErrors.Body(2, "An unexpected error has occurred. Please retry your request later.", transient: true));
            case "rate_limit":
                var code = simulator.Faults.RateLimitCode;
                return new ErrorResult(400, code, MetaAdsErrors.Body(code, MetaAdsErrors.RateLimitMessage(code), MetaAdsErrors.RateLimitSubcode(code), transient: true),
                    simulator.Faults.RegainMinutes);
        }
        return null;
    }

    private static async Task<string?> Token(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim();
        if (context.Request.Query.TryGetValue("access_token", out var query)) return query.ToString();
        if (context.Request.HasFormContentType && (await context.Request.ReadFormAsync()).TryGetValue("access_token", out var form)) return form.ToString();
        return null;
    }

    private static void UsageHeaders(HttpContext context, string? account, int percent, int regainMinutes)
    {
        var headers = context.Response.Headers;
        headers["X-App-Usage"] = $$"""{"call_count":{{percent}},"total_cputime":{{percent / 2}},"total_time":{{percent / 2}}}""";
        headers["X-FB-Ads-Insights-Throttle"] = $$"""{"app_id_util_pct":{{percent}},"acc_id_util_pct":{{percent}},"ads_api_access_tier":"standard_access"}""";
        if (account is null) return;
        var business = account.Replace("act_", "", StringComparison.Ordinal);
        headers["X-Business-Use-Case-Usage"] =
            $$"""{"{{business}}":[{"type":"ads_insights","call_count":{{percent}},"total_cputime":{{percent / 2}},"total_time":{{percent / 2}},"estimated_time_to_regain_access":{{regainMinutes}},"ads_api_access_tier":"standard_access"}]}""";
        headers["X-Ad-Account-Usage"] = $$"""{"acc_id_util_pct":{{percent}},"reset_time_duration":0,"ads_api_access_tier":"standard_access"}""";
    }

    private static Task<IResult> List(MetaAdsSimulator simulator, HttpContext context, string id, string edge)
    {
        if (!Edges.Contains(edge) || !id.StartsWith("act_", StringComparison.Ordinal))
            return Task.FromResult<IResult>(Unsupported(id, edge));
        var level = edge switch { "campaigns" => "campaign", "adsets" => "adset", _ => "ad" };
        var items = simulator.Entities(id, level).Select(e => (object)new Dictionary<string, object?>
        {
            ["id"] = e.Id,
            ["name"] = e.Name,
            ["status"] = e.EffectiveStatus == "ACTIVE" ? "ACTIVE" : "PAUSED",
            ["effective_status"] = e.EffectiveStatus,
            ["campaign_id"] = level == "campaign" ? null : e.CampaignId,
            ["adset_id"] = e.AdSetId,
            ["targeting"] = level == "adset" ? new { age_min = 18, age_max = 65, geo_locations = new { countries = new[] { "ES" } } } : null,
            // Field expansion: creative{id} (or creative) asks for the creative's id in the listing.
            ["creative"] = level == "ad" && MetaAdsCreatives.Asks(context, "creative") && simulator.CreativeOf(e.Id) is { } creative
                ? new Dictionary<string, string> { ["id"] = creative.Id } : null,
        }).ToList();
        return Task.FromResult(Page(context, items));
    }

    private static async Task<IResult> StartJob(MetaAdsSimulator simulator, HttpContext context, string id)
    {
        var account = simulator.AccountOf(id);
        if (account is null) return Unsupported(id, "insights");
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        string? Param(string name) => form?[name].FirstOrDefault() ?? context.Request.Query[name].FirstOrDefault();
        var level = Param("level") ?? LevelOf(simulator, id);
        if (level is not ("account" or "campaign" or "adset" or "ad"))
            return new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) level must be one of the following values: ad, adset, campaign, account", type: "OAuthException"));
        var (since, until, error) = TimeRange(Param("time_range"), simulator.Time.GetUtcNow());
        if (error is not null) return error;
        var increment = Param("time_increment") ?? "all_days";
        if (increment == "all_days") increment = (until.DayNumber - since.DayNumber + 1).ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(increment, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 90)
            return new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) time_increment must be all_days or a number of days from 1 to 90"));
        var (campaigns, filterError) = CampaignFilter(Param("filtering"));
        if (filterError is not null) return filterError;
        var job = simulator.CreateJob(id, account, level, since, until, days, campaigns);
        return Results.Json(new Dictionary<string, string> { ["report_run_id"] = job.Id }, Plain);
    }

    private static Task<IResult> JobStatus(MetaAdsSimulator simulator, string id)
    {
        if (simulator.Job(id) is not { } job) return Task.FromResult<IResult>(Unsupported(id, null));
        string status;
        int percent;
        lock (job)
        {
            if (job.PollsLeft > 0)
            {
                // Meta reports 100% before the job is really done: only "Job Completed" means the rows are ready.
                percent = job.PollsLeft == 1 ? 100 : 50;
                status = "Job Running";
                job.PollsLeft--;
            }
            else
            {
                percent = 100;
                status = job.Fails ? "Job Failed" : "Job Completed";
            }
        }
        return Task.FromResult<IResult>(Results.Json(new Dictionary<string, object>
        {
            ["id"] = job.Id,
            ["account_id"] = job.AccountId.Replace("act_", "", StringComparison.Ordinal),
            ["async_status"] = status,
            ["async_percent_completion"] = percent,
            ["date_start"] = job.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["date_stop"] = job.Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, Plain));
    }

    private static Task<IResult> Insights(MetaAdsSimulator simulator, HttpContext context, string id)
    {
        if (simulator.Job(id) is { } job)
        {
            if (job.PollsLeft > 0 || job.Fails)
                return Task.FromResult<IResult>(new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) The report is not ready yet.")));
            return Task.FromResult(Page(context, Rows(simulator, job.ObjectId, job.Level, job.Since, job.Until, job.TimeIncrement, job.CampaignIds)));
        }
        if (simulator.AccountOf(id) is null) return Task.FromResult<IResult>(Unsupported(id, "insights"));
        // Synchronous GET /{object}/insights, for completeness.
        var level = context.Request.Query["level"].FirstOrDefault() ?? LevelOf(simulator, id);
        var (since, until, error) = TimeRange(context.Request.Query["time_range"].FirstOrDefault(), simulator.Time.GetUtcNow());
        var daily = int.TryParse(context.Request.Query["time_increment"].FirstOrDefault(), out var n) && n is >= 1 and <= 90 ? n : until.DayNumber - since.DayNumber + 1;
        return Task.FromResult<IResult>(error ?? Page(context, Rows(simulator, id, level, since, until, daily)));
    }

    /// <summary>
    /// The campaigns of a documented <c>filtering</c> parameter (a JSON array of <c>{field, operator, value}</c>); only
    /// <c>campaign.id</c> with <c>IN</c> (or <c>EQUAL</c>) is simulated, anything else is refused as Meta refuses a bad filter.
    /// </summary>
    private static (IReadOnlyList<string>? Campaigns, IResult? Error) CampaignFilter(string? filtering)
    {
        if (string.IsNullOrEmpty(filtering)) return (null, null);
        var refused = new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) Filtering field campaign.id with operator IN is the only filter this simulator knows"));
        try
        {
            using var document = JsonDocument.Parse(filtering);
            var campaigns = new List<string>();
            foreach (var filter in document.RootElement.EnumerateArray())
            {
                if (filter.GetProperty("field").GetString() != "campaign.id") return (null, refused);
                var value = filter.GetProperty("value");
                switch (filter.GetProperty("operator").GetString())
                {
                    case "IN" when value.ValueKind == JsonValueKind.Array:
                        campaigns.AddRange(value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()));
                        break;
                    case "EQUAL":
                        campaigns.Add(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
                        break;
                    default:
                        return (null, refused);
                }
            }
            return (campaigns, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) param filtering must be an array of {field, operator, value}")));
        }
    }

    /// <summary>One row per entity and <paramref name="increment"/> days; counts are summed over the days, reach is the day's
    /// highest (unique people cannot be summed), so a daily report is exactly <see cref="MetaAdsSimulator.Figures"/>.</summary>
    private static List<object> Rows(MetaAdsSimulator simulator, string objectId, string level, DateOnly since, DateOnly until, int increment = 1,
        IReadOnlyList<string>? campaignIds = null)
    {
        var rows = new List<object>();
        foreach (var entity in simulator.Under(objectId, level).Where(e => campaignIds is null || campaignIds.Contains(e.CampaignId)))
            for (var start = since; start <= until; start = start.AddDays(increment))
            {
                var stop = start.AddDays(increment - 1) < until ? start.AddDays(increment - 1) : until;
                long impressions = 0, clicks = 0, reach = 0, uniqueClicks = 0, purchases = 0;
                decimal spend = 0, value = 0;
                for (var day = start; day <= stop; day = day.AddDays(1))
                {
                    var f = MetaAdsSimulator.Figures(entity.Id, day);
                    impressions += f.Impressions; clicks += f.Clicks; reach = Math.Max(reach, f.Reach); uniqueClicks += f.UniqueClicks;
                    purchases += f.Purchases; spend += f.Spend; value += f.PurchaseValue;
                }
                rows.Add(new Dictionary<string, object?>
                {
                    ["account_id"] = entity.AccountId.Replace("act_", "", StringComparison.Ordinal),
                    ["campaign_id"] = entity.CampaignId,
                    ["adset_id"] = level is "adset" or "ad" ? entity.AdSetId ?? entity.Id : null,
                    ["ad_id"] = level == "ad" ? entity.Id : null,
                    ["date_start"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["date_stop"] = stop.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["impressions"] = impressions.ToString(CultureInfo.InvariantCulture),
                    ["clicks"] = clicks.ToString(CultureInfo.InvariantCulture),
                    ["reach"] = reach.ToString(CultureInfo.InvariantCulture),
                    ["unique_clicks"] = uniqueClicks.ToString(CultureInfo.InvariantCulture),
                    ["frequency"] = (reach == 0 ? 0 : (double)impressions / reach).ToString("0.######", CultureInfo.InvariantCulture),
                    ["spend"] = spend.ToString("0.00", CultureInfo.InvariantCulture),
                    ["actions"] = new[]
                    {
                        new { action_type = "link_click", value = clicks.ToString(CultureInfo.InvariantCulture) },
                        new { action_type = "purchase", value = purchases.ToString(CultureInfo.InvariantCulture) },
                        new { action_type = "offsite_conversion.fb_pixel_purchase", value = purchases.ToString(CultureInfo.InvariantCulture) },
                    },
                    ["action_values"] = new[] { new { action_type = "purchase", value = value.ToString("0.00", CultureInfo.InvariantCulture) } },
                });
            }
        return rows;
    }

    /// <summary>Cursor paging as the Graph API does it: <c>paging.cursors</c> and an absolute <c>paging.next</c> while more remain.</summary>
    private static IResult Page(HttpContext context, List<object> items)
    {
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, MaxPageSize) : 25;
        var offset = context.Request.Query["after"].FirstOrDefault() is { } after && int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(after)), out var o) ? o : 0;
        var page = items.Skip(offset).Take(limit).ToList();
        var paging = new Dictionary<string, object>
        {
            ["cursors"] = new { before = Cursor(offset), after = Cursor(offset + page.Count) },
        };
        if (offset + page.Count < items.Count)
        {
            var request = context.Request;
            var query = request.Query.Where(q => q.Key is not ("after" or "access_token")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"after={Uri.EscapeDataString(Cursor(offset + page.Count))}").Append($"limit={limit}").Distinct();
            paging["next"] = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join("&", query)}";
        }
        return Results.Json(new Dictionary<string, object> { ["data"] = page, ["paging"] = paging }, Plain);
    }

    private static string Cursor(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));

    private static (DateOnly Since, DateOnly Until, ErrorResult? Error) TimeRange(string? json, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (json is null) return (today.AddDays(-29), today, null);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var since = DateOnly.ParseExact(doc.RootElement.GetProperty("since").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var until = DateOnly.ParseExact(doc.RootElement.GetProperty("until").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (since > until || since < today.AddMonths(-37))
                return (since, until, new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) time_range is invalid: since must not be after until nor more than 37 months ago")));
            return (since, until, null);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return (today, today, new ErrorResult(400, 100, MetaAdsErrors.Body(100, "(#100) param time_range must be a JSON object with since and until")));
        }
    }

    private static string LevelOf(MetaAdsSimulator simulator, string id) =>
        id.StartsWith("act_", StringComparison.Ordinal) ? "account" : simulator.Entity(id)?.Level ?? "account";

    private static ErrorResult Unsupported(string id, string? edge) => new(400, 100, MetaAdsErrors.Body(100,
        $"Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation{(edge is null ? "" : $" ({edge})")}.",
        33, type: "GraphMethodException"));

    /// <summary>An error decided before or by a handler, written with its usage headers by <see cref="Serve"/>.</summary>
    private sealed record ErrorResult(int Status, int Code, object Body, int RegainMinutes = 0) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Results.Json(Body, Plain, statusCode: Status).ExecuteAsync(httpContext);
    }
}

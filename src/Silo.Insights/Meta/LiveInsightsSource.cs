using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Silo.Hosting.Meta;
using Silo.Insights.Accounts;
using Silo.Insights.Creatives;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Reports;

namespace Silo.Insights.Meta;

/// <summary>
/// Live mode: the Graph Marketing API. Rows come from asynchronous report jobs (POST <c>/{object}/insights</c>,
/// poll until <c>async_status</c> is "Job Completed" — 100% alone is not done — then read
/// <c>/{report_run_id}/insights</c> page by page): one per account and level for the account's run
/// (<see cref="StartAccountReportAsync"/>), or one on an entity. Every response's usage headers are
/// applied to the whole ad account.
/// </summary>
public sealed class LiveInsightsSource(MarketingApiClient graph, AccountLimits accounts, IConfiguration configuration, IOptions<InsightsOptions> options)
    : IInsightsSource
{
    /// <summary>A report job that ended in "Job Failed" or "Job Skipped" (no Graph error code of its own).</summary>
    public const int ReportJobFailedCode = -1;

    /// <summary>Raw fields asked of Meta; ratios are derived from them in <see cref="InsightRow"/>.</summary>
    public const string Fields = "account_id,campaign_id,adset_id,ad_id,date_start,date_stop,spend,impressions,clicks,reach,frequency,unique_clicks,actions,action_values";

    /// <summary>Conversion action types, in order of preference (they overlap, so only the first present counts).</summary>
    private static readonly string[] ConversionTypes = ["omni_purchase", "purchase", "offsite_conversion.fb_pixel_purchase"];

    private readonly InsightsOptions _options = options.Value;

    public string Mode => "live";

    public async Task<IReadOnlyList<DiscoveredEntity>> DiscoverAsync(AdAccount account, CancellationToken cancellationToken)
    {
        var entities = new List<DiscoveredEntity>();
        foreach (var item in await ListAsync(account, $"{account.AccountId}/campaigns", "id,name,status,effective_status", cancellationToken))
            entities.Add(new DiscoveredEntity(Text(item, "id")!, AdEntityType.Campaign, Text(item, "id")!, null, Text(item, "name") ?? "",
                Text(item, "effective_status") ?? Text(item, "status") ?? "UNKNOWN", null));
        foreach (var item in await ListAsync(account, $"{account.AccountId}/adsets", "id,name,campaign_id,status,effective_status,targeting", cancellationToken))
            entities.Add(new DiscoveredEntity(Text(item, "id")!, AdEntityType.AdSet, Text(item, "campaign_id") ?? "", null, Text(item, "name") ?? "",
                Text(item, "effective_status") ?? Text(item, "status") ?? "UNKNOWN",
                item.TryGetProperty("targeting", out var targeting) ? targeting.GetRawText() : null));
        // The creative's id comes with the listing (field expansion), so only a creative not archived yet costs a read.
        foreach (var item in await ListAsync(account, $"{account.AccountId}/ads", "id,name,campaign_id,adset_id,status,effective_status,creative{id}", cancellationToken))
            entities.Add(new DiscoveredEntity(Text(item, "id")!, AdEntityType.Ad, Text(item, "campaign_id") ?? "", Text(item, "adset_id"),
                Text(item, "name") ?? "", Text(item, "effective_status") ?? Text(item, "status") ?? "UNKNOWN", null,
                item.TryGetProperty("creative", out var creative) ? Text(creative, "id") : null));
        return entities;
    }

    /// <summary>Meta's documented creative fields; a video's file and picture come from the video node.</summary>
    public const string CreativeFields = "creative{id,name,title,body,image_url,thumbnail_url,video_id,object_story_spec}";

    public async Task<AdCreative?> ReadCreativeAsync(AdAccount account, string adId, CancellationToken cancellationToken)
    {
        var token = Token(account);
        var ad = await Apply(account, graph.GetAsync(adId, new Dictionary<string, string> { ["fields"] = CreativeFields }, token, cancellationToken),
            cancellationToken);
        if (!ad.Body.TryGetProperty("creative", out var creative) || Text(creative, "id") is not { } id) return null;
        var spec = creative.TryGetProperty("object_story_spec", out var s) && s.ValueKind == JsonValueKind.Object ? s : (JsonElement?)null;
        JsonElement? Part(string name) => spec is { } o && o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object ? p : null;
        // A creative made from a story spec names its media there rather than at the top.
        var videoId = Text(creative, "video_id") ?? (Part("video_data") is { } v ? Text(v, "video_id") : null);
        var imageUrl = Text(creative, "image_url") ?? (Part("link_data") is { } l ? Text(l, "picture") : null);
        var thumbnailUrl = Text(creative, "thumbnail_url");
        string? videoUrl = null;
        if (videoId is not null)
        {
            var video = await Apply(account, graph.GetAsync(videoId, new Dictionary<string, string> { ["fields"] = "source,picture" }, token,
                cancellationToken), cancellationToken);
            videoUrl = Text(video.Body, "source");
            thumbnailUrl ??= Text(video.Body, "picture");
        }
        return new AdCreative(id, Text(creative, "name"), Text(creative, "title"), Text(creative, "body"), imageUrl, thumbnailUrl, videoId,
            videoUrl, spec?.GetRawText());
    }

    public async Task<ReportProgress> StartReportAsync(AdAccount account, AdEntityRef entity, DateWindow window, CancellationToken cancellationToken) =>
        new ReportProgress.Running(await StartJobAsync(account, entity.EntityId, entity.EntityType, window, null, cancellationToken), 0);

    public async Task<ReportProgress> PollReportAsync(AdAccount account, AdEntityRef entity, string reportRunId, CancellationToken cancellationToken)
    {
        var percent = await PollJobAsync(account, reportRunId, cancellationToken);
        if (percent is not null) return new ReportProgress.Running(reportRunId, percent.Value);
        var rows = new List<InsightRow>();
        await ReadJobAsync(account, reportRunId, page => rows.AddRange(page.Select(item => Row(entity, item))), cancellationToken);
        return new ReportProgress.Completed(rows);
    }

    /// <summary>
    /// Starts one async report of the whole account at <paramref name="level"/> (POST <c>/act_{id}/insights</c>):
    /// every entity's daily rows in one job instead of one job per entity; with <paramref name="campaignIds"/>, only
    /// those campaigns' (<c>filtering=[{"field":"campaign.id","operator":"IN","value":[…]}]</c>).
    /// </summary>
    public Task<string> StartAccountReportAsync(AdAccount account, string level, DateWindow window, IReadOnlyList<string>? campaignIds,
        CancellationToken cancellationToken) =>
        StartJobAsync(account, account.AccountId, level, window, campaignIds, cancellationToken);

    /// <summary>Null once the job is "Job Completed", else its percent; "Job Failed" / "Job Skipped" throw <see cref="ReportJobFailedCode"/>.</summary>
    public Task<int?> PollAccountReportAsync(AdAccount account, string reportRunId, CancellationToken cancellationToken) =>
        PollJobAsync(account, reportRunId, cancellationToken);

    /// <summary>Reads a completed account report page by page, each page's rows keyed by the ids in them.</summary>
    public Task ReadAccountReportAsync(AdAccount account, string level, string reportRunId, Action<IReadOnlyList<InsightRow>> page,
        CancellationToken cancellationToken) =>
        ReadJobAsync(account, reportRunId, items => page(items.Select(item => Row(EntityOf(account, level, item), item)).ToList()), cancellationToken);

    private async Task<string> StartJobAsync(AdAccount account, string objectId, string level, DateWindow window, IReadOnlyList<string>? campaignIds,
        CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["level"] = level,
            ["fields"] = Fields,
            ["time_increment"] = "1",
            ["time_range"] = $$"""{"since":"{{window.Since:yyyy-MM-dd}}","until":"{{window.Until:yyyy-MM-dd}}"}""",
        };
        if (campaignIds is not null)
            form["filtering"] = JsonSerializer.Serialize(new[] { new { field = "campaign.id", @operator = "IN", value = campaignIds } });
        var response = await Apply(account, graph.PostAsync($"{objectId}/insights", form, Token(account), cancellationToken), cancellationToken);
        return Text(response.Body, "report_run_id") ?? throw new GraphApiException(200, ReportJobFailedCode, null,
            "The insights job was not created (no report_run_id).");
    }

    private async Task<int?> PollJobAsync(AdAccount account, string reportRunId, CancellationToken cancellationToken)
    {
        var job = await Apply(account, graph.GetAsync(reportRunId, new Dictionary<string, string> { ["fields"] = "id,async_status,async_percent_completion" },
            Token(account), cancellationToken), cancellationToken);
        var status = Text(job.Body, "async_status");
        var percent = job.Body.TryGetProperty("async_percent_completion", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0;
        if (status is "Job Failed" or "Job Skipped")
            throw new GraphApiException(200, ReportJobFailedCode, null, $"The insights job {reportRunId} ended with '{status}'.");
        // 100% alone is not done: only "Job Completed" means the rows are ready.
        return status == "Job Completed" ? null : percent;
    }

    private async Task ReadJobAsync(AdAccount account, string reportRunId, Action<IEnumerable<JsonElement>> page, CancellationToken cancellationToken)
    {
        var token = Token(account);
        var response = await Apply(account, graph.GetAsync($"{reportRunId}/insights",
            new Dictionary<string, string> { ["limit"] = _options.ReportPageSize.ToString(CultureInfo.InvariantCulture) }, token, cancellationToken), cancellationToken);
        while (true)
        {
            if (response.Body.TryGetProperty("data", out var data)) page(data.EnumerateArray());
            if (!(response.Body.TryGetProperty("paging", out var paging) && Text(paging, "next") is { } next)) return;
            response = await Apply(account, graph.GetNextPageAsync(new Uri(next), token, cancellationToken), cancellationToken);
        }
    }

    /// <summary>The entity a row of an account report belongs to, from the ids Meta put in it.</summary>
    private static AdEntityRef EntityOf(AdAccount account, string level, JsonElement item)
    {
        var campaign = Text(item, "campaign_id") ?? "";
        var adSet = Text(item, "adset_id");
        var id = level switch { AdEntityType.Ad => Text(item, "ad_id"), AdEntityType.AdSet => adSet, _ => campaign } ?? "";
        return new AdEntityRef(id, level, account.AccountId, campaign, adSet);
    }

    private async Task<IReadOnlyList<JsonElement>> ListAsync(AdAccount account, string path, string fields, CancellationToken cancellationToken)
    {
        var token = Token(account);
        var items = new List<JsonElement>();
        var page = await Apply(account, graph.GetAsync(path, new Dictionary<string, string> { ["fields"] = fields, ["limit"] = "200" }, token,
            cancellationToken), cancellationToken);
        while (true)
        {
            if (page.Body.TryGetProperty("data", out var data)) items.AddRange(data.EnumerateArray());
            if (!(page.Body.TryGetProperty("paging", out var paging) && Text(paging, "next") is { } next)) return items;
            page = await Apply(account, graph.GetNextPageAsync(new Uri(next), token, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Usage tiers, from any usage header: at <see cref="InsightsOptions.HighUsagePercent"/> (95) the whole account
    /// stops until Meta's <c>estimated_time_to_regain_access</c>; the lower tiers (slow down, pause new
    /// reports) are read from the recorded usage by the account's report grains.
    /// </summary>
    private async Task<GraphResponse> Apply(AdAccount account, Task<GraphResponse> call, CancellationToken cancellationToken)
    {
        var response = await call;
        if (response.Usage.Percent > 0)
            await accounts.RecordUsageAsync(account.AccountId, response.Usage.Percent, cancellationToken);
        if (response.Usage.Percent >= _options.HighUsagePercent)
            await accounts.ThrottleAsync(account.AccountId, response.Usage.RegainAfter ?? _options.RateLimitRetryDelay,
                $"usage at {response.Usage.Percent:0.#}%", cancellationToken);
        return response;
    }

    /// <summary>The account's token, named by its token reference and read from configuration; never stored nor logged.</summary>
    private string Token(AdAccount account)
    {
        var token = configuration[account.TokenRef];
        return string.IsNullOrWhiteSpace(token)
            ? throw new GraphApiException(0, 190, null, $"No access token is configured under '{account.TokenRef}'.")
            : token;
    }

    private static InsightRow Row(AdEntityRef entity, JsonElement item)
    {
        var day = DateOnly.ParseExact(Text(item, "date_start")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return InsightRow.For(entity, day, Decimal(item, "spend"), Long(item, "impressions"), Long(item, "clicks"),
            (long)Action(item, "actions"), Action(item, "action_values"), Long(item, "reach"), Long(item, "unique_clicks"));
    }

    private static decimal Action(JsonElement item, string field)
    {
        if (!item.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array) return 0;
        foreach (var type in ConversionTypes)
            foreach (var action in list.EnumerateArray())
                if (Text(action, "action_type") == type)
                    return Decimal(action, "value");
        return 0;
    }

    // The Graph API sends numbers in insights as strings ("spend": "12.34").
    private static decimal Decimal(JsonElement item, string name) =>
        Text(item, name) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static long Long(JsonElement item, string name) => (long)Decimal(item, name);

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value)
            ? value.ValueKind switch { JsonValueKind.String => value.GetString(), JsonValueKind.Number => value.GetRawText(), _ => null }
            : null;
}

using System.Net.Http.Headers;
using System.Text.Json;

namespace Silo.Hosting.Meta;

/// <summary>
/// How close a token, page or ad account is to Meta's rate limits, from the headers the Graph API sends with its answers:
/// <c>X-App-Usage</c> and <c>X-Page-Usage</c> (<c>call_count</c>, <c>total_cputime</c>, <c>total_time</c>, percent of the
/// limit; the page's with <c>estimated_time_to_regain_access</c> in minutes), <c>X-Business-Use-Case-Usage</c> (per
/// business id, a list of the same figures per use case, with <c>estimated_time_to_regain_access</c>),
/// <c>X-Ad-Account-Usage</c> (<c>acc_id_util_pct</c>, <c>reset_time_duration</c> in seconds) and
/// <c>X-FB-Ads-Insights-Throttle</c> (<c>app_id_util_pct</c>, <c>acc_id_util_pct</c>). <see cref="Percent"/> is the highest
/// figure of all (0 when no header came), <see cref="RegainAfter"/> the longest wait Meta announced.
/// </summary>
public sealed record GraphUsage(double Percent, TimeSpan? RegainAfter)
{
    public static readonly GraphUsage None = new(0, null);

    public const string AppUsageHeader = "X-App-Usage";
    public const string PageUsageHeader = "X-Page-Usage";
    public const string BusinessUseCaseHeader = "X-Business-Use-Case-Usage";
    public const string AdAccountUsageHeader = "X-Ad-Account-Usage";
    public const string InsightsThrottleHeader = "X-FB-Ads-Insights-Throttle";

    private static readonly string[] CallFigures = ["call_count", "total_time", "total_cputime"];

    public static GraphUsage Read(HttpResponseHeaders headers) =>
        FromHeaders(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);

    /// <summary>Reads every known header; a malformed one is ignored rather than failing a good answer.</summary>
    public static GraphUsage FromHeaders(Func<string, string?> header)
    {
        double max = 0;
        TimeSpan? regain = null;
        Read(header(AppUsageHeader), root => Percentages(root, ref max, CallFigures));
        Read(header(PageUsageHeader), root =>
        {
            Percentages(root, ref max, CallFigures);
            if (Number(root, "estimated_time_to_regain_access") is > 0 and var minutes) regain = Longest(regain, TimeSpan.FromMinutes(minutes));
        });
        Read(header(InsightsThrottleHeader), root => Percentages(root, ref max, "app_id_util_pct", "acc_id_util_pct"));
        Read(header(AdAccountUsageHeader), root =>
        {
            Percentages(root, ref max, "acc_id_util_pct");
            if (Number(root, "reset_time_duration") is > 0 and var seconds) regain = Longest(regain, TimeSpan.FromSeconds(seconds));
        });
        Read(header(BusinessUseCaseHeader), root =>
        {
            foreach (var business in root.EnumerateObject())
            {
                if (business.Value.ValueKind != JsonValueKind.Array) continue;
                foreach (var useCase in business.Value.EnumerateArray())
                {
                    Percentages(useCase, ref max, CallFigures);
                    if (Number(useCase, "estimated_time_to_regain_access") is > 0 and var minutes)
                        regain = Longest(regain, TimeSpan.FromMinutes(minutes));
                }
            }
        });
        return new GraphUsage(max, regain);
    }

    private static void Read(string? value, Action<JsonElement> read)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        try
        {
            using var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind == JsonValueKind.Object) read(document.RootElement);
        }
        catch (JsonException)
        {
            // A header Meta changed the shape of is no reason to fail a call that succeeded.
        }
    }

    private static void Percentages(JsonElement element, ref double max, params string[] names)
    {
        foreach (var name in names)
            if (Number(element, name) is { } value) max = Math.Max(max, value);
    }

    private static double? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble() : null;

    private static TimeSpan Longest(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;
}

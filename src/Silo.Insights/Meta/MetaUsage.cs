using System.Text.Json;
using Silo.Insights.Hosting;

namespace Silo.Insights.Meta;

/// <summary>
/// The highest usage Meta reported in a response's throttle headers, and how long until access is
/// regained when it said so. Headers: <c>X-App-Usage</c> (<c>call_count</c>, <c>total_time</c>,
/// <c>total_cputime</c>, percent), <c>X-Ad-Account-Usage</c> (<c>acc_id_util_pct</c>,
/// <c>reset_time_duration</c> s), <c>X-Business-Use-Case-Usage</c> (per business id, a list of
/// <c>{type, call_count, total_time, total_cputime, estimated_time_to_regain_access}</c>, minutes)
/// and <c>X-FB-Ads-Insights-Throttle</c> (<c>app_id_util_pct</c>, <c>acc_id_util_pct</c>).
/// </summary>
public sealed record MetaUsage(double MaxPercent, TimeSpan? RegainAfter)
{
    public static readonly MetaUsage None = new(0, null);

    public const string AppUsageHeader = "X-App-Usage";
    public const string AdAccountUsageHeader = "X-Ad-Account-Usage";
    public const string BusinessUseCaseHeader = "X-Business-Use-Case-Usage";
    public const string InsightsThrottleHeader = "X-FB-Ads-Insights-Throttle";

    /// <summary>Reads every known header; a malformed one is ignored rather than failing a good response.</summary>
    public static MetaUsage FromHeaders(Func<string, string?> header)
    {
        double max = 0;
        TimeSpan? regain = null;
        Read(header(AppUsageHeader), root => Percentages(root, ref max, "call_count", "total_time", "total_cputime"));
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
                    Percentages(useCase, ref max, "call_count", "total_time", "total_cputime");
                    if (Number(useCase, "estimated_time_to_regain_access") is > 0 and var minutes)
                        regain = Longest(regain, TimeSpan.FromMinutes(minutes));
                }
            }
        });
        return new MetaUsage(max, regain);
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

using System.Net.Http.Headers;
using System.Text.Json;

namespace Silo.Media.Meta;

/// <summary>
/// How close a token is to Meta's rate limits, from the headers Meta sends with every answer:
/// <c>X-App-Usage</c> and <c>X-Page-Usage</c> (<c>call_count</c>, <c>total_cputime</c>, <c>total_time</c>,
/// percentages of the limit) and <c>X-Business-Use-Case-Usage</c> (the same per business object and type,
/// with <c>estimated_time_to_regain_access</c> in minutes). <see cref="Percent"/> is the highest figure of all.
/// </summary>
public sealed record GraphUsage(int? AppPercent, int? PagePercent, int? BusinessPercent, TimeSpan RegainAccessIn)
{
    public static readonly GraphUsage None = new(null, null, null, TimeSpan.Zero);

    /// <summary>The highest usage reported, 0 when no header came.</summary>
    public int Percent => Math.Max(AppPercent ?? 0, Math.Max(PagePercent ?? 0, BusinessPercent ?? 0));

    public static GraphUsage Read(HttpResponseHeaders headers)
    {
        var (app, _) = Figures(Header(headers, "X-App-Usage"));
        var (page, pageRegain) = Figures(Header(headers, "X-Page-Usage"));
        int? business = null;
        var regain = pageRegain;
        if (Header(headers, "X-Business-Use-Case-Usage") is { } buc)
        {
            try
            {
                using var document = JsonDocument.Parse(buc);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                    foreach (var entries in document.RootElement.EnumerateObject())
                        if (entries.Value.ValueKind == JsonValueKind.Array)
                            foreach (var entry in entries.Value.EnumerateArray())
                            {
                                var (percent, minutes) = Figures(entry);
                                business = Math.Max(business ?? 0, percent ?? 0);
                                regain = Math.Max(regain, minutes);
                            }
            }
            catch (JsonException)
            {
                // A header Meta changed the shape of is no reason to fail a read that succeeded.
            }
        }
        return new GraphUsage(app, page, business, TimeSpan.FromMinutes(regain));
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static (int? Percent, int RegainMinutes) Figures(string? json)
    {
        if (json is null) return (null, 0);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Figures(document.RootElement);
        }
        catch (JsonException)
        {
            return (null, 0);
        }
    }

    private static (int? Percent, int RegainMinutes) Figures(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return (null, 0);
        int? percent = null;
        foreach (var name in new[] { "call_count", "total_cputime", "total_time" })
            if (e.TryGetProperty(name, out var v) && v.TryGetInt32(out var n)) percent = Math.Max(percent ?? 0, n);
        var regain = e.TryGetProperty("estimated_time_to_regain_access", out var r) && r.TryGetInt32(out var m) ? m : 0;
        return (percent, regain);
    }
}

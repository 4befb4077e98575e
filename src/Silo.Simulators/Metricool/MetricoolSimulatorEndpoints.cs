using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Simulators.Metricool;

/// <summary>
/// Metricool's v2 scheduler as the documentation describes it (<c>X-Mc-Auth</c>, <c>userId</c> and
/// <c>blogId</c> on every call, answers wrapped in <c>{"data": …}</c>), mountable under any prefix of
/// any ASP.NET Core app, with its faults switchable over HTTP under <c>{prefix}/_simulator</c>.
/// </summary>
public static class MetricoolSimulatorEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers one shared <see cref="MetricoolSimulator"/> (the app's TimeProvider if any).</summary>
    public static IServiceCollection AddMetricoolSimulator(this IServiceCollection services) =>
        services.AddSingleton(sp => new MetricoolSimulator(sp.GetService<TimeProvider>()));

    public static RouteGroupBuilder MapMetricoolSimulator(this IEndpointRouteBuilder app, string prefix = "/metricool",
        MetricoolSimulator? simulator = null)
    {
        var sim = simulator ?? app.ServiceProvider.GetRequiredService<MetricoolSimulator>();
        var group = app.MapGroup(prefix).WithTags("Metricool simulator").AllowAnonymous().ExcludeFromDescription();
        group.MapPost("/v2/scheduler/posts", (Delegate)((HttpContext c) => Api(sim, c, read: false, () => CreatePost(sim, c))));
        group.MapGet("/v2/scheduler/posts", (Delegate)((HttpContext c) => Api(sim, c, read: true, () => Task.FromResult(ListPosts(sim, c)))));
        group.MapGet("/v2/scheduler/besttimes/{provider}", (HttpContext c, string provider) =>
            Api(sim, c, read: true, () => Task.FromResult(BestTimes(sim, c, provider))));
        group.MapGet("/admin/simpleProfiles", (Delegate)((HttpContext c) => Api(sim, c, read: true, () => Task.FromResult(Brands(sim, c)))));

        group.MapGet("/_simulator/faults", () => Results.Json(sim.Faults, Json));
        group.MapPut("/_simulator/faults", (MetricoolFaults faults) =>
        {
            sim.Faults = faults;
            return Results.Json(sim.Faults, Json);
        });
        group.MapGet("/_simulator/posts", () => Results.Json(sim.Posts.Select(p => new
        {
            p.Id, p.BlogId, p.PublicationDate, p.Text, p.Media, CreatedCount = p.Media.Sum(sim.CreatedCount),
        }), Json));
        group.MapPost("/_simulator/reset", () =>
        {
            sim.Reset();
            return Results.NoContent();
        });
        return group;
    }

    private static async Task<IResult> Api(MetricoolSimulator sim, HttpContext context, bool read, Func<Task<IResult>> handle)
    {
        var faults = sim.Faults;
        if (faults.Latency > TimeSpan.Zero) await Task.Delay(faults.Latency, sim.Time, context.RequestAborted);
        var token = context.Request.Headers["X-Mc-Auth"].ToString();
        if (token.Length == 0 || (sim.Token is not null && token != sim.Token))
            return Error(StatusCodes.Status401Unauthorized, "Invalid or missing X-Mc-Auth token");
        if (string.IsNullOrEmpty(context.Request.Query["userId"]) || string.IsNullOrEmpty(context.Request.Query["blogId"]))
            return Error(StatusCodes.Status400BadRequest, "userId and blogId are required");
        if (sim.Take(f => f.TooManyRequests, f => f.TooManyRequests--))
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(StatusCodes.Status429TooManyRequests, "Too many requests");
        }
        if (read && sim.Take(f => f.ReadServerErrors, f => f.ReadServerErrors--))
            return Error(StatusCodes.Status503ServiceUnavailable, "Service temporarily unavailable");
        return await handle();
    }

    private static async Task<IResult> CreatePost(MetricoolSimulator sim, HttpContext context)
    {
        if (sim.Take(f => f.CreateServerErrors, f => f.CreateServerErrors--))
            return Error(StatusCodes.Status500InternalServerError, "Internal server error");
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "Malformed JSON");
        }
        if (body is null) return Error(StatusCodes.Status400BadRequest, "A ScheduledPost body is required");
        var publication = ParseInfo(body["publicationDate"]);
        var media = (body["media"] as JsonArray)?.Select(m => m?.GetValue<string>()).OfType<string>().ToList() ?? [];
        var networks = (body["providers"] as JsonArray)?.Select(p => p?["network"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
        if (publication is null) return Error(StatusCodes.Status400BadRequest, "publicationDate {dateTime, timezone} is required");
        if (networks.Count == 0) return Error(StatusCodes.Status400BadRequest, "providers must name at least one network");
        var instagramType = body["instagramData"]?["type"]?.GetValue<string>();
        var facebookType = body["facebookData"]?["type"]?.GetValue<string>();
        if ((instagramType == "STORY" || facebookType == "STORY") && media.Count == 0)
            return Error(StatusCodes.Status400BadRequest, "A story needs one media file");

        var post = sim.Store(context.Request.Query["blogId"]!, context.Request.Query["userId"]!, publication.Value,
            body["text"]?.GetValue<string>() ?? "", media, networks, instagramType, facebookType, body);

        if (sim.Take(f => f.ServerErrorsAfterCreate, f => f.ServerErrorsAfterCreate--))
            return Error(StatusCodes.Status500InternalServerError, "Internal server error");
        if (sim.Take(f => f.TimeoutsAfterCreate, f => f.TimeoutsAfterCreate--))
        {
            // Stored, but the answer never comes: the caller times out (or dies) not knowing.
            sim.HoldStarted();
            try { await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted); }
            catch (OperationCanceledException) { }
            finally { sim.HoldEnded(); }
            return Results.Empty;
        }
        return Results.Json(new JsonObject { ["data"] = sim.ToJson(post) }, Json);
    }

    private static IResult ListPosts(MetricoolSimulator sim, HttpContext context)
    {
        var start = ParseQueryDate(context, "start");
        var end = ParseQueryDate(context, "end");
        if (start is null || end is null) return Error(StatusCodes.Status400BadRequest, "start and end (yyyy-MM-ddTHH:mm:ss) are required");
        var data = new JsonArray([.. sim.PostsOf(context.Request.Query["blogId"]!, start.Value, end.Value).Select(p => (JsonNode)sim.ToJson(p))]);
        return Results.Json(new JsonObject { ["data"] = data }, Json);
    }

    /// <summary>
    /// <c>GET /admin/simpleProfiles</c>: the user's brands, a plain array as Metricool answers it, each with its IANA
    /// <c>timezone</c>; the simulator knows the brand asked for.
    /// </summary>
    private static IResult Brands(MetricoolSimulator sim, HttpContext context)
    {
        var blogId = context.Request.Query["blogId"].ToString();
        var brand = new JsonObject
        {
            ["id"] = long.TryParse(blogId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : blogId,
            ["userId"] = context.Request.Query["userId"].ToString(),
            ["label"] = $"Brand {blogId}",
            ["timezone"] = sim.BrandTimeZone(blogId),
        };
        return Results.Json(new JsonArray(brand), Json);
    }

    /// <summary>
    /// A deterministic week per brand: its audience's evenings score highest (20:00 on the brand's clock), weekends a
    /// little higher. Scores are the brand's by its own weekday and hour; asked in another <c>timezone</c>, each hour of
    /// the week from <c>start</c> is moved to that zone's weekday and hour, as Metricool converts to the zone asked.
    /// </summary>
    private static IResult BestTimes(MetricoolSimulator sim, HttpContext context, string provider)
    {
        if (provider is not ("facebook" or "instagram" or "tiktok" or "linkedin" or "youtube" or "twitter" or "pinterest"))
            return Error(StatusCodes.Status400BadRequest, $"Unknown provider {provider}");
        var blogId = context.Request.Query["blogId"].ToString();
        var seed = blogId.Sum(ch => ch);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(sim.BrandTimeZone(blogId), out var brandZone)) brandZone = TimeZoneInfo.Utc;
        var asked = context.Request.Query["timezone"].ToString() is { Length: > 0 } name ? name : "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(asked, out var askedZone))
            return Error(StatusCodes.Status400BadRequest, $"Unknown timezone {asked}");
        var start = ParseQueryDate(context, "start") ?? sim.Time.GetUtcNow();
        var scores = new SortedDictionary<(int Day, int Hour), double>();
        var brandStart = TimeZoneInfo.ConvertTime(start, brandZone);
        for (var i = 0; i < 7 * 24; i++)
        {
            var at = brandStart.AddHours(i);
            var (brandDay, brandHour) = (IsoDay(at.DayOfWeek), at.Hour);
            var evening = 10 - Math.Abs(20 - brandHour) * 0.5;
            var value = Math.Round(Math.Max(evening, 0) + (brandDay >= 6 ? 1 : 0) + (seed + brandDay * 7 + brandHour) % 5 * 0.1, 2);
            var there = TimeZoneInfo.ConvertTime(at, askedZone);
            scores[(IsoDay(there.DayOfWeek), there.Hour)] = value;
        }
        var days = new JsonArray();
        foreach (var day in scores.GroupBy(s => s.Key.Day))
            days.Add(new JsonObject
            {
                ["dayOfWeek"] = day.Key,
                ["bestTimesByHour"] = new JsonArray([.. day.Select(h => (JsonNode)new JsonObject { ["hourOfDay"] = h.Key.Hour, ["value"] = h.Value })]),
            });
        return Results.Json(new JsonObject { ["data"] = days }, Json);
    }

    private static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    private static DateTimeOffset? ParseInfo(JsonNode? info)
    {
        var text = info?["dateTime"]?.GetValue<string>();
        var zone = info?["timezone"]?.GetValue<string>() ?? "UTC";
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        try
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, tz.GetUtcOffset(unspecified)).ToUniversalTime();
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ParseQueryDate(HttpContext context, string name) =>
        ParseInfo(new JsonObject { ["dateTime"] = context.Request.Query[name].ToString(), ["timezone"] = context.Request.Query["timezone"].ToString() is { Length: > 0 } tz ? tz : "UTC" });

    private static IResult Error(int status, string message) =>
        Results.Json(new JsonObject { ["data"] = null, ["error"] = message }, Json, statusCode: status);
}

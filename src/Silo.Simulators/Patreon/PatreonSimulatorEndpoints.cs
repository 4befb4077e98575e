using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.Patreon;

/// <summary>
/// Mounts a <see cref="PatreonSimulator"/>: <c>GET {prefix}/api/oauth2/v2/campaigns/{id}/posts</c> (paged by
/// <c>page[count]</c> and <c>page[cursor]</c>, the next cursor in <c>meta.pagination.cursors.next</c>),
/// <c>GET {prefix}/api/oauth2/v2/posts/{id}</c> and <c>GET {prefix}/api/oauth2/v2/campaigns/{id}</c>
/// (<c>include=tiers</c>). Attributes are only those asked for in <c>fields[post]</c>/<c>fields[tier]</c>,
/// and a field Patreon does not document is refused with 400, as Patreon does.
/// </summary>
public static class PatreonSimulatorEndpoints
{
    /// <summary>The post attributes Patreon's API v2 documents.</summary>
    public static readonly IReadOnlySet<string> PostFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "app_id", "app_status", "content", "embed_data", "embed_url", "is_paid", "is_public", "published_at", "tiers", "title", "url",
    };

    private static readonly IReadOnlySet<string> TierFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "amount_cents", "created_at", "description", "discord_role_ids", "edited_at", "image_url", "patron_count", "post_count",
        "published", "published_at", "remaining", "requires_shipping", "title", "unpublished_at", "url", "user_limit",
    };

    public static IEndpointRouteBuilder MapPatreonSimulator(this IEndpointRouteBuilder app, string prefix, PatreonSimulator patreon)
    {
        var group = app.MapGroup("/" + prefix.Trim('/'));
        group.MapPost("/_faults", (PatreonFaults faults) => { patreon.Faults.CopyFrom(faults); return Results.Ok(patreon.Faults); });
        group.MapDelete("/_faults", () => { patreon.Faults.CopyFrom(new PatreonFaults()); return Results.NoContent(); });
        var api = group.MapGroup("/api/oauth2/v2");
        api.MapGet("/campaigns/{id}/posts", (HttpContext context, string id) =>
            Guarded(context, patreon, "list", $"campaigns/{id}/posts", () => ListPosts(context, patreon, id)));
        api.MapGet("/posts/{id}", (HttpContext context, string id) => Guarded(context, patreon, "post", $"posts/{id}", () => GetPost(context, patreon, id)));
        api.MapGet("/campaigns/{id}", (HttpContext context, string id) =>
            Guarded(context, patreon, "campaign", $"campaigns/{id}", () => GetCampaign(context, patreon, id)));
        return app;
    }

    private static async Task<IResult> Guarded(HttpContext context, PatreonSimulator patreon, string kind, string path, Func<IResult> answer)
    {
        using var inFlight = patreon.InFlight(kind);
        var faults = patreon.Faults;
        if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs, context.RequestAborted);
        patreon.Count(path);
        var header = context.Request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
        if (faults.Unauthorized || string.IsNullOrEmpty(given) || patreon.AccessToken is { } token && given != token)
            return Error(401, 1, "Unauthorized", "Unauthorized",
                "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.");
        var retryAfter = patreon.TakeTokenAllowance(given) ?? (faults.TakeRateLimit() ? faults.RetryAfterSeconds : null);
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Error(429, 10, "RequestThrottled", "You have made too many attempts. Please try again later.",
                $"Request was throttled. Expected available in {seconds} seconds.");
        }
        if (faults.TakeFailure())
            return Error(faults.FailStatus, 0, "InternalServerError", "Internal Server Error", "Something went wrong on our end. Please try again later.");
        return answer();
    }

    private static IResult ListPosts(HttpContext context, PatreonSimulator patreon, string campaignId)
    {
        if (patreon.FindCampaign(campaignId) is not { } campaign) return NotFound("campaign", campaignId);
        var query = context.Request.Query;
        if (Fields(query, "fields[post]", PostFields) is { Error: { } fieldError }) return fieldError;
        var fields = Fields(query, "fields[post]", PostFields).Names;
        var count = 20;
        if (query["page[count]"].ToString() is { Length: > 0 } c && (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 500))
            return Error(400, 3, "ParameterInvalidOrMissing", "Invalid parameter for 'page[count]'.", "page[count] must be between 1 and 500.");
        var posts = campaign.Snapshot();
        var start = 0;
        if (query["page[cursor]"].ToString() is { Length: > 0 } cursor)
        {
            if (Decode(cursor) is not { } after) return Error(400, 3, "ParameterInvalidOrMissing", "Invalid parameter for 'page[cursor]'.", "The cursor is not valid.");
            start = posts.FindIndex(p => p.PublishedAt > after.At || p.PublishedAt == after.At && string.CompareOrdinal(p.Id, after.Id) > 0);
            if (start < 0) start = posts.Count;
        }
        var page = posts.Skip(start).Take(count).ToList();
        var next = start + page.Count < posts.Count ? Encode(page[^1]) : null;
        var sb = new StringBuilder("{\"data\":[");
        sb.AppendJoin(',', page.Select(p => Resource(p, fields)));
        sb.Append("],\"meta\":{\"pagination\":{\"cursors\":{\"next\":").Append(next is null ? "null" : Json(next)).Append("},\"total\":")
            .Append(posts.Count.ToString(CultureInfo.InvariantCulture)).Append("}}");
        if (next is not null)
            sb.Append(",\"links\":{\"next\":").Append(Json($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}?page%5Bcount%5D={count}&page%5Bcursor%5D={Uri.EscapeDataString(next)}")).Append('}');
        sb.Append('}');
        return Results.Text(sb.ToString(), "application/vnd.api+json", Encoding.UTF8);
    }

    private static IResult GetPost(HttpContext context, PatreonSimulator patreon, string postId)
    {
        if (patreon.FindPost(postId) is not { } post) return NotFound("post", postId);
        var (names, error) = Fields(context.Request.Query, "fields[post]", PostFields);
        if (error is not null) return error;
        return Results.Text($"{{\"data\":{Resource(post, names)},\"links\":{{\"self\":{Json($"https://www.patreon.com/api/oauth2/v2/posts/{post.Id}")}}}}}",
            "application/vnd.api+json", Encoding.UTF8);
    }

    private static IResult GetCampaign(HttpContext context, PatreonSimulator patreon, string campaignId)
    {
        if (patreon.FindCampaign(campaignId) is not { } campaign) return NotFound("campaign", campaignId);
        var (names, error) = Fields(context.Request.Query, "fields[tier]", TierFields);
        if (error is not null) return error;
        var include = context.Request.Query["include"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder($"{{\"data\":{{\"attributes\":{{}},\"id\":{Json(campaignId)},\"type\":\"campaign\"");
        if (include.Contains("tiers"))
        {
            sb.Append(",\"relationships\":{\"tiers\":{\"data\":[")
                .AppendJoin(',', campaign.Tiers.Select(t => $"{{\"id\":{Json(t.Id)},\"type\":\"tier\"}}")).Append("]}}},\"included\":[")
                .AppendJoin(',', campaign.Tiers.Select(t => $"{{\"attributes\":{{{string.Join(',', TierAttributes(t, names))}}},\"id\":{Json(t.Id)},\"type\":\"tier\"}}"))
                .Append(']');
        }
        else sb.Append('}');
        sb.Append('}');
        return Results.Text(sb.ToString(), "application/vnd.api+json", Encoding.UTF8);
    }

    private static IEnumerable<string> TierAttributes(PatreonTierRecord tier, IReadOnlySet<string> names)
    {
        if (names.Contains("title")) yield return $"\"title\":{Json(tier.Title)}";
        if (names.Contains("amount_cents")) yield return $"\"amount_cents\":{tier.AmountCents.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>A post resource with the attributes asked for (none asked: Patreon gives none, only id and type).</summary>
    private static string Resource(PatreonPost post, IReadOnlySet<string> fields)
    {
        var attributes = new List<string>();
        void Add(string name, string json) { if (fields.Contains(name)) attributes.Add($"\"{name}\":{json}"); }
        Add("app_id", "null");
        Add("app_status", "null");
        Add("content", post.Content is null ? "null" : Json(post.Content));
        Add("embed_data", post.EmbedData is { } e
            ? $"{{\"description\":{Json(e.Description)},\"html\":{Json(e.Html)},\"provider\":{Json(e.Provider)},\"provider_url\":{Json(e.ProviderUrl)},\"subject\":{Json(e.Subject)},\"url\":{Json(e.Url)}}}"
            : "null");
        Add("embed_url", post.EmbedUrl is null ? "null" : Json(post.EmbedUrl));
        Add("is_paid", post.IsPaid ? "true" : "false");
        Add("is_public", post.IsPublic ? "true" : "false");
        Add("published_at", Json(post.PublishedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff+00:00", CultureInfo.InvariantCulture)));
        Add("tiers", $"[{string.Join(',', (post.Tiers ?? []).Select(Json))}]");
        Add("title", post.Title is null ? "null" : Json(post.Title));
        Add("url", Json(post.Url));
        return $"{{\"attributes\":{{{string.Join(',', attributes)}}},\"id\":{Json(post.Id)},\"type\":\"post\"}}";
    }

    private static (IReadOnlySet<string> Names, IResult? Error) Fields(IQueryCollection query, string parameter, IReadOnlySet<string> known)
    {
        var names = query[parameter].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = names.FirstOrDefault(n => !known.Contains(n));
        return unknown is null
            ? (names, null)
            : (names, Error(400, 3, "ParameterInvalidOrMissing", $"Invalid parameter for '{parameter}'.", $"'{unknown}' is not a valid field."));
    }

    private static string Encode(PatreonPost last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.PublishedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTimeOffset At, string Id)? Decode(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult NotFound(string type, string id) =>
        Error(404, 0, "ResourceMissing", "Resource not found", $"The {type} {id} does not exist or is not visible to this token.");

    /// <summary>Patreon's JSON:API error document.</summary>
    private static IResult Error(int status, int code, string codeName, string title, string detail) =>
        Results.Text($$"""{"errors":[{"code":{{code}},"code_name":{{Json(codeName)}},"detail":{{Json(detail)}},"id":"{{Guid.NewGuid()}}","status":"{{status}}","title":{{Json(title)}}}]}""",
            "application/vnd.api+json", Encoding.UTF8, status);

    private static string Json(string? value) => value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);
}

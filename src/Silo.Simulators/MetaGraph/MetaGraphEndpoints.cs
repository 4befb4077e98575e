using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.MetaGraph;

/// <summary>
/// Mounts a <see cref="MetaGraphSimulator"/>: <c>GET {prefix}/{version}/{id}</c>, <c>GET {prefix}/{version}/{ig-user-id}/media</c>
/// and <c>GET {prefix}/{version}/{page-id}/posts</c> (or <c>published_posts</c>), the lists paged by cursor
/// (<c>limit</c>, <c>after</c>, <c>since</c>, <c>until</c>), every answer with Meta's usage headers.
/// </summary>
public static class MetaGraphEndpoints
{
    public static IEndpointRouteBuilder MapMetaGraphSimulator(this IEndpointRouteBuilder app, string prefix, MetaGraphSimulator graph)
    {
        var group = app.MapGroup("/" + prefix.Trim('/'));
        group.MapPost("/_faults", (MetaGraphFaults faults) => { graph.Faults.CopyFrom(faults); return Results.Ok(graph.Faults); });
        group.MapDelete("/_faults", () => { graph.Faults.CopyFrom(new MetaGraphFaults()); return Results.NoContent(); });
        group.MapGet("/{version}/{id}", (HttpContext context, string id) => Guarded(context, graph, id, () => GetObject(graph, id)));
        group.MapGet("/{version}/{id}/media", (HttpContext context, string id, int? limit, string? after, long? since, long? until) =>
            Guarded(context, graph, id, () => ListMedia(context, graph, id, limit ?? 25, after, since, until)));
        group.MapGet("/{version}/{id}/posts", (HttpContext context, string id, int? limit, string? after, long? since, long? until) =>
            Guarded(context, graph, id, () => ListPosts(context, graph, id, limit ?? 25, after, since, until)));
        group.MapGet("/{version}/{id}/published_posts", (HttpContext context, string id, int? limit, string? after, long? since, long? until) =>
            Guarded(context, graph, id, () => ListPosts(context, graph, id, limit ?? 25, after, since, until)));
        return app;
    }

    private static async Task<IResult> Guarded(HttpContext context, MetaGraphSimulator graph, string id, Func<IResult> answer)
    {
        var faults = graph.Faults;
        if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs, context.RequestAborted);
        graph.CountRead(id);
        var given = context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header[7..] : context.Request.Query["access_token"].ToString();
        if (graph.AccessToken is { } token && given != token) return Error(400, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190);
        if (AppSecretProofCheck.Refusal(context, graph.AppSecret, given) is { } refusal) return Error(400, refusal, "GraphMethodException", 100);
        if (faults.TokenExpired)
            return Error(400, "Error validating access token: Session has expired on Saturday, 28-Nov-26 10:00:00 PST.", "OAuthException", 190, 463);
        if (faults.TakeRateLimit())
        {
            UsageHeaders(context, id, 100, faults.RegainAccessMinutes);
            return RateLimited(faults.RateLimitCode);
        }
        if (faults.TakeFailure()) return Error(500, "An unexpected error has occurred. Please retry your request later.", "OAuthException", 2);
        var usage = graph.CountCall();
        UsageHeaders(context, id, usage, regainMinutes: usage >= 100 ? 5 : 0);
        // Meta blocks a token whose usage has reached 100 % until the window has room again.
        if (usage >= 100) return RateLimited(32);
        return answer();
    }

    /// <summary>
    /// Meta's three usage headers, percentages of the limits: the app's (<c>X-App-Usage</c>), the page's
    /// (<c>X-Page-Usage</c>) and the business use case's (<c>X-Business-Use-Case-Usage</c>, keyed by the object's id).
    /// </summary>
    private static void UsageHeaders(HttpContext context, string id, int usage, int regainMinutes)
    {
        var cpu = usage * 3 / 4;
        var time = usage / 2;
        context.Response.Headers["X-App-Usage"] = $"{{\"call_count\":{usage},\"total_cputime\":{cpu},\"total_time\":{time}}}";
        context.Response.Headers["X-Page-Usage"] =
            $"{{\"call_count\":{usage},\"total_cputime\":{cpu},\"total_time\":{time},\"estimated_time_to_regain_access\":{regainMinutes}}}";
        context.Response.Headers["X-Business-Use-Case-Usage"] =
            $"{{\"{id}\":[{{\"type\":\"pages\",\"call_count\":{usage},\"total_cputime\":{cpu},\"total_time\":{time},\"estimated_time_to_regain_access\":{regainMinutes}}}]}}";
    }

    private static IResult RateLimited(int code) => code switch
    {
        17 => Error(403, "(#17) User request limit reached", "OAuthException", 17, 2207051),
        32 => Error(403, "(#32) Page request limit reached", "OAuthException", 32),
        613 => Error(403, "(#613) Calls to this api have exceeded the rate limit.", "OAuthException", 613),
        _ => Error(403, "(#4) Application request limit reached", "OAuthException", 4),
    };

    private static IResult ListPosts(HttpContext context, MetaGraphSimulator graph, string pageId, int limit, string? after, long? since, long? until)
    {
        var feed = graph.PageFeed(pageId);
        if (feed is null) return Error(400, $"Unsupported get request. Object with ID '{pageId}' does not exist.", "GraphMethodException", 100, 33);
        var inRange = feed.Where(p => InRange(p.CreatedTime, since, until)).ToList();
        return Paged(context, inRange, limit, after, since, until, p => Post(graph, p));
    }

    private static bool InRange(DateTimeOffset at, long? since, long? until) =>
        (since is null || at.ToUnixTimeSeconds() >= since) && (until is null || at.ToUnixTimeSeconds() <= until);

    private static IResult Paged<T>(HttpContext context, List<T> all, int limit, string? after, long? since, long? until, Func<T, object> shape)
    {
        var start = after is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after)), System.Globalization.CultureInfo.InvariantCulture);
        var size = Math.Clamp(limit, 1, 100);
        var page = all.Skip(start).Take(size).ToList();
        var end = start + page.Count;
        var range = (since is null ? "" : $"&since={since}") + (until is null ? "" : $"&until={until}");
        var cursors = new { before = Cursor(start), after = Cursor(Math.Max(end - 1, start)) };
        object paging = end < all.Count
            ? new { cursors = new { cursors.before, after = Cursor(end) }, next = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?limit={size}{range}&after={Cursor(end)}" }
            : new { cursors };
        return Results.Json(new { data = page.Select(shape).ToList(), paging });
    }

    private static Dictionary<string, object?> Post(MetaGraphSimulator graph, GraphFacebookPost post)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = post.Id,
            ["created_time"] = GraphTime(post.CreatedTime),
            ["permalink_url"] = $"https://www.facebook.com/{post.Id.Replace('_', '/')}",
        };
        if (post.Message is not null) body["message"] = post.Message;
        if (graph.Link(post.FullPicture) is { } full) body["full_picture"] = full;
        if (post.Attachments is { Count: > 0 } attachments) body["attachments"] = new { data = attachments.Select(a => Attachment(graph, a)).ToList() };
        return body;
    }

    private static string GraphTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "+0000";

    private static IResult GetObject(MetaGraphSimulator graph, string id)
    {
        if (graph.FindPost(id) is { } post)
        {
            var body = new Dictionary<string, object?> { ["id"] = post.Id };
            if (post.Message is not null) body["message"] = post.Message;
            if (graph.Link(post.FullPicture) is { } full) body["full_picture"] = full;
            if (graph.Link(post.Picture) is { } picture) body["picture"] = picture;
            if (post.Attachments is { Count: > 0 } attachments)
                body["attachments"] = new { data = attachments.Select(a => Attachment(graph, a)).ToList() };
            return Results.Json(body);
        }
        if (graph.FindMedia(id) is { } media) return Results.Json(Media(graph, media));
        return Error(400, $"Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
            "GraphMethodException", 100, 33);
    }

    private static IResult ListMedia(HttpContext context, MetaGraphSimulator graph, string igUserId, int limit, string? after, long? since, long? until)
    {
        var all = graph.AccountMedia(igUserId);
        if (all is null) return Error(400, $"Unsupported get request. Object with ID '{igUserId}' does not exist.", "GraphMethodException", 100, 33);
        return Paged(context, [.. all.Where(m => InRange(m.Timestamp, since, until))], limit, after, since, until, m => Media(graph, m));
    }

    private static string Cursor(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Dictionary<string, object?> Attachment(MetaGraphSimulator graph, GraphAttachment a)
    {
        var media = new Dictionary<string, object?>();
        if (graph.Link(a.Image) is { } image) media["image"] = new { src = image, width = 720, height = 720 };
        if (graph.Link(a.Video) is { } video) media["source"] = video;
        var body = new Dictionary<string, object?> { ["media"] = media, ["media_type"] = a.MediaType ?? (a.Video is null ? "photo" : "video") };
        if (a.Url is not null) body["url"] = a.Url;
        if (a.Subattachments is { Count: > 0 } subs) body["subattachments"] = new { data = subs.Select(s => Attachment(graph, s)).ToList() };
        return body;
    }

    private static Dictionary<string, object?> Media(MetaGraphSimulator graph, GraphInstagramMedia m)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = m.Id, ["media_type"] = m.MediaType, ["media_product_type"] = m.MediaProductType,
            ["timestamp"] = GraphTime(m.Timestamp),
            ["permalink"] = $"https://www.instagram.com/p/{m.Id}/",
        };
        if (m.Caption is not null) body["caption"] = m.Caption;
        if (graph.Link(m.MediaFile) is { } url) body["media_url"] = url;
        if (graph.Link(m.ThumbnailFile) is { } thumbnail) body["thumbnail_url"] = thumbnail;
        if (m.Children is { Count: > 0 } children) body["children"] = new { data = children.Select(c => Media(graph, c)).ToList() };
        return body;
    }

    private static IResult Error(int status, string message, string type, int code, int? subcode = null) =>
        Results.Json(new
        {
            error = subcode is null
                ? (object)new { message, type, code, fbtrace_id = "AbCdEfGhIjK" }
                : new { message, type, code, error_subcode = subcode, fbtrace_id = "AbCdEfGhIjK" },
        }, statusCode: status);
}

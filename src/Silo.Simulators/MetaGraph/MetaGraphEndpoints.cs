using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.MetaGraph;

/// <summary>Mounts a <see cref="MetaGraphSimulator"/>: <c>GET {prefix}/{version}/{id}</c> and <c>GET {prefix}/{version}/{ig-user-id}/media</c>.</summary>
public static class MetaGraphEndpoints
{
    public static IEndpointRouteBuilder MapMetaGraphSimulator(this IEndpointRouteBuilder app, string prefix, MetaGraphSimulator graph)
    {
        var group = app.MapGroup("/" + prefix.Trim('/'));
        group.MapPost("/_faults", (MetaGraphFaults faults) => { graph.Faults.CopyFrom(faults); return Results.Ok(graph.Faults); });
        group.MapDelete("/_faults", () => { graph.Faults.CopyFrom(new MetaGraphFaults()); return Results.NoContent(); });
        group.MapGet("/{version}/{id}", (HttpContext context, string id) => Guarded(context, graph, id, () => GetObject(graph, id)));
        group.MapGet("/{version}/{id}/media", (HttpContext context, string id, int? limit, string? after) =>
            Guarded(context, graph, id, () => ListMedia(context, graph, id, limit ?? 25, after)));
        return app;
    }

    private static async Task<IResult> Guarded(HttpContext context, MetaGraphSimulator graph, string id, Func<IResult> answer)
    {
        var faults = graph.Faults;
        if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs, context.RequestAborted);
        graph.CountRead(id);
        if (graph.AccessToken is { } token)
        {
            var given = context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
                ? header[7..] : context.Request.Query["access_token"].ToString();
            if (given != token) return Error(400, "Invalid OAuth access token - Cannot parse access token", "OAuthException", 190);
        }
        if (faults.TakeRateLimit())
        {
            context.Response.Headers["X-App-Usage"] = "{\"call_count\":100,\"total_cputime\":34,\"total_time\":51}";
            return Error(403, "(#4) Application request limit reached", "OAuthException", 4);
        }
        if (faults.TakeFailure()) return Error(500, "An unexpected error has occurred. Please retry your request later.", "OAuthException", 2);
        return answer();
    }

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

    private static IResult ListMedia(HttpContext context, MetaGraphSimulator graph, string igUserId, int limit, string? after)
    {
        var all = graph.AccountMedia(igUserId);
        if (all is null) return Error(400, $"Unsupported get request. Object with ID '{igUserId}' does not exist.", "GraphMethodException", 100, 33);
        var start = after is null ? 0 : int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(after)), System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(start).Take(Math.Clamp(limit, 1, 100)).ToList();
        var end = start + page.Count;
        var cursors = new { before = Cursor(start), after = Cursor(Math.Max(end - 1, start)) };
        object paging = end < all.Count
            ? new { cursors = new { cursors.before, after = Cursor(end) }, next = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?limit={limit}&after={Cursor(end)}" }
            : new { cursors };
        return Results.Json(new { data = page.Select(m => Media(graph, m)).ToList(), paging });
    }

    private static string Cursor(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Dictionary<string, object?> Attachment(MetaGraphSimulator graph, GraphAttachment a)
    {
        var media = new Dictionary<string, object?>();
        if (graph.Link(a.Image) is { } image) media["image"] = new { src = image, width = 720, height = 720 };
        if (graph.Link(a.Video) is { } video) media["source"] = video;
        var body = new Dictionary<string, object?> { ["media"] = media, ["media_type"] = a.Video is null ? "photo" : "video" };
        if (a.Subattachments is { Count: > 0 } subs) body["subattachments"] = new { data = subs.Select(s => Attachment(graph, s)).ToList() };
        return body;
    }

    private static Dictionary<string, object?> Media(MetaGraphSimulator graph, GraphInstagramMedia m)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = m.Id, ["media_type"] = m.MediaType, ["media_product_type"] = m.MediaProductType,
            ["timestamp"] = m.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "+0000",
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

using System.Security.Claims;
using Silo.Gateway.Auth;
using Silo.Gateway.Media;
using Silo.Media.Posts;

namespace Silo.Gateway.Operations;

/// <summary>What <c>/api/posts</c> and gRPC's <c>silo.v1.Posts</c> both do: ingest a post from a source without webhooks, find one.</summary>
public sealed class PostOperations(IGrainFactory grains, MediaQueries queries, MediaLinks links)
{
    /// <summary>The sources a caller may ingest from; the others arrive by webhook or polling.</summary>
    public static readonly IReadOnlyList<string> IngestSources = ["patreon", "youtube", "manual"];

    /// <summary>Most media one post may carry (Instagram's carousels hold 20); the body cap bounds the rest.</summary>
    public const int MaxMediaPerPost = 50;

    /// <summary>One media item as asked for; <see cref="Kind"/> defaults to image.</summary>
    public sealed record MediaInput(string? Url, string? Kind);

    /// <summary>A post to ingest; <see cref="Tenant"/> defaults to the key's own.</summary>
    public sealed record IngestRequest(string? PostId, string? Source, string? Tenant, string? Message, IReadOnlyList<MediaInput>? Media);

    /// <summary>
    /// Validates, then has the post's grain store it; returns Silo's key of the post once stored, or not found when the
    /// post is another tenant's.
    /// </summary>
    public async Task<OperationResult<string>> IngestAsync(IngestRequest request, ClaimsPrincipal user)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.PostId) || request.PostId.Length > 200) errors["postId"] = ["is required (at most 200 characters)."];
        if (request.Source is null || !IngestSources.Contains(request.Source)) errors["source"] = [$"must be one of {string.Join(", ", IngestSources)}."];
        var tenant = request.Tenant ?? (user.Tenant() is "*" ? null : user.Tenant());
        if (string.IsNullOrWhiteSpace(tenant)) errors["tenant"] = ["is required."];
        else if (!user.SeesTenant(tenant)) errors["tenant"] = ["is not a tenant this key can write."];
        if (request.Media is { Count: > MaxMediaPerPost }) errors["media"] = [$"at most {MaxMediaPerPost} items."];
        var media = new List<MediaItem>();
        for (var i = 0; i < Math.Min(request.Media?.Count ?? 0, MaxMediaPerPost); i++)
        {
            var item = request.Media![i];
            if (!Uri.TryCreate(item.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                errors[$"media[{i}].url"] = ["must be an absolute http or https URL."];
            var kind = item.Kind ?? "image";
            if (kind is not ("image" or "video" or "audio")) errors[$"media[{i}].kind"] = ["must be image, video or audio."];
            var slot = (request.Source, kind, i) switch
            {
                ("youtube", "video", _) when !media.Any(m => m.Slot == "youtube") => "youtube",
                (_, "image", 0) => "picture",
                (_, "video", _) => $"attachment:{i}:video",
                (_, "audio", _) => $"attachment:{i}:audio",
                _ => $"attachment:{i}",
            };
            media.Add(new MediaItem(slot, item.Url ?? "", kind));
        }
        if (errors.Count > 0) return OperationResult<string>.Invalid(errors);

        // The request states the post's whole media: a re-send that no longer lists an item drops it unless it is archived.
        var post = new PostReceived(request.Source!, request.PostId!, tenant!, request.Message, "api", media, ListsAllMedia: true);
        // Answered once the post is stored; the same request sent twice is recognised by the post's grain.
        var key = PostIds.Key(post.Source, post.SourcePostId);
        // The grain checks the owner: an id another tenant holds answers as an unknown post would, and nothing changes.
        return await grains.GetGrain<IPostGrain>(key).Receive(post) == ReceiveOutcome.OtherTenant
            ? OperationResult<string>.NotFound($"No post {key} for this key.")
            : OperationResult<string>.Ok(key);
    }

    /// <summary>
    /// The post with its media, when it exists and the caller's key sees its tenant; another tenant's post is not found.
    /// A private source's links carry an expiring token, so what the caller shows a browser can be opened.
    /// </summary>
    public async Task<OperationResult<PostDetail>> FindAsync(string id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var post = await queries.GetAsync(id, cancellationToken);
        return post is not null && user.SeesTenant(post.Tenant) ? OperationResult<PostDetail>.Ok(links.Sign(post)) : OperationResult<PostDetail>.NotFound($"No post {id}.");
    }
}

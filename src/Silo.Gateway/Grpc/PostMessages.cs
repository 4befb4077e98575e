using Silo.Gateway.Grpc.V1;
using Silo.Media.Posts;

namespace Silo.Gateway.Grpc;

/// <summary>A post as <c>silo.v1.Post</c>.</summary>
internal static class PostMessages
{
    public static Post From(PostDetail detail)
    {
        var post = new Post
        {
            PostId = detail.PostId,
            Source = detail.Source,
            SourcePostId = detail.SourcePostId,
            Tenant = detail.Tenant,
            Status = detail.Status,
            Attempts = detail.Attempts,
            CreatedAt = ProtoValues.Time(detail.CreatedAt),
            UpdatedAt = ProtoValues.Time(detail.UpdatedAt),
            ArchivedAt = ProtoValues.Time(detail.ArchivedAt),
            HasLocalImage = detail.HasLocalImage,
        };
        if (detail.Message is { } message) post.Message = message;
        if (detail.DisplayImageUrl is { } display) post.DisplayImageUrl = display;
        if (detail.NoImageReason is { } reason) post.NoImageReason = reason;
        if (detail.LastError is { } error) post.LastErrorJson = error.GetRawText();
        post.Media.AddRange(detail.Media.Select(From));
        return post;
    }

    private static V1.PostMedia From(PostMediaView view)
    {
        var media = new V1.PostMedia { Slot = view.Slot, Kind = view.Kind, OriginalUrl = view.OriginalUrl, Status = view.Status };
        if (view.Sha256 is { } sha) media.Sha256 = sha;
        if (view.PublicUrl is { } url) media.PublicUrl = url;
        if (view.Size is { } size) media.Size = size;
        if (view.MimeType is { } mime) media.MimeType = mime;
        if (view.Error is { } error) media.Error = error;
        return media;
    }
}

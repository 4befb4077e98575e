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
        if (detail.LastError is { } error)
        {
            post.LastErrorJson = error.GetRawText();
            post.LastError = ErrorFrom(error);
        }
        post.Media.AddRange(detail.Media.Select(From));
        post.Damaged.AddRange((detail.Damaged ?? []).Select(From));
        return post;
    }

    private static DamagedFile From(DamagedFileView view)
    {
        var file = new DamagedFile
        {
            Slot = view.Slot, File = view.File, Kind = view.Kind, StorageKey = view.StorageKey, Run = view.Run,
            FoundAt = ProtoValues.Time(view.FoundAt), Remedy = view.Remedy,
        };
        if (view.Detail is { } detail) file.Detail = detail;
        return file;
    }

    /// <summary>The stored <c>{message, type, timestamp, attempt}</c> as fields; a part missing from an old row stays empty.</summary>
    private static V1.PostError ErrorFrom(System.Text.Json.JsonElement error)
    {
        var message = new V1.PostError();
        if (error.ValueKind != System.Text.Json.JsonValueKind.Object) return message;
        if (error.TryGetProperty("message", out var text) && text.ValueKind == System.Text.Json.JsonValueKind.String) message.Message = text.GetString();
        if (error.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String) message.Type = type.GetString();
        if (error.TryGetProperty("timestamp", out var at) && at.ValueKind == System.Text.Json.JsonValueKind.String && at.TryGetDateTimeOffset(out var time)) message.Timestamp = ProtoValues.Time(time);
        if (error.TryGetProperty("attempt", out var attempt) && attempt.ValueKind == System.Text.Json.JsonValueKind.Number && attempt.TryGetInt32(out var number)) message.Attempt = number;
        return message;
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

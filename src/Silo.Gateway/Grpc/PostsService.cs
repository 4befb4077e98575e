using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Silo.Gateway.Auth;
using Silo.Gateway.Grpc.V1;
using Silo.Gateway.Operations;

namespace Silo.Gateway.Grpc;

/// <summary><c>silo.v1.Posts</c>: the same operations, permissions and tenant scoping as <c>/api/posts</c>.</summary>
public sealed class PostsService(PostOperations posts) : Posts.PostsBase
{
    [Authorize(Permissions.Manager)]
    public override async Task<IngestPostResponse> IngestPost(IngestPostRequest request, ServerCallContext context)
    {
        var ingested = await posts.IngestAsync(new PostOperations.IngestRequest(request.PostId, ProtoValues.Given(request.Source),
            ProtoValues.Given(request.Tenant), ProtoValues.Given(request.Message),
            request.Media.Select(m => new PostOperations.MediaInput(m.Url, ProtoValues.Given(m.Kind))).ToList()), context.GetHttpContext().User);
        return ingested.Succeeded ? new IngestPostResponse { PostId = ingested.Value } : throw GrpcErrors.From(ingested);
    }

    [Authorize(Permissions.AnalyticsRead)]
    public override async Task<Post> GetPost(GetPostRequest request, ServerCallContext context)
    {
        var found = await posts.FindAsync(GrpcErrors.Required(request.PostId, "post_id"), context.GetHttpContext().User, context.CancellationToken);
        return found.Succeeded ? PostMessages.From(found.Value!) : throw GrpcErrors.From(found);
    }
}

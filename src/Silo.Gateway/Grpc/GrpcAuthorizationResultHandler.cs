using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Silo.Gateway.Grpc;

/// <summary>
/// A gRPC call refused by authorization gets a gRPC status (UNAUTHENTICATED: no key, an unknown or
/// revoked one; PERMISSION_DENIED: a key without the method's permission) with a message, rather
/// than a bare HTTP 401/403 that clients must translate. Every other request is answered as before.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !GrpcTrailers.IsGrpc(context.Request))
            return _default.HandleAsync(next, context, policy, authorizeResult);
        return authorizeResult.Challenged
            ? GrpcTrailers.WriteStatusAsync(context, StatusCode.Unauthenticated,
                "An API key is required: send metadata 'authorization: Bearer <key>' with an active key.")
            : GrpcTrailers.WriteStatusAsync(context, StatusCode.PermissionDenied, "This API key lacks the permission this method needs.");
    }
}

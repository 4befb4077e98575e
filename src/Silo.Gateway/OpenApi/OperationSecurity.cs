using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Silo.Gateway.OpenApi;

/// <summary>
/// Each operation's security requirement, read from the authorization its route (or its group) asks for: either key
/// scheme, with the policy (the permission, e.g. <c>manager</c>) as the role. Public routes get an empty requirement,
/// so a client knows to send nothing there.
/// </summary>
internal sealed class OperationSecurity : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        // As the authorization middleware reads it: an AllowAnonymous anywhere on the endpoint wins.
        if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [];
            return Task.CompletedTask;
        }
        var roles = RolesOf(metadata);
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemes.Bearer, context.Document)] = roles },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemes.Header, context.Document)] = [.. roles] },
        ];
        return Task.CompletedTask;
    }

    /// <summary>The policies every one of which the route needs (a group's and the route's own).</summary>
    internal static List<string> RolesOf(IEnumerable<object> metadata) =>
        [.. metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal)];
}

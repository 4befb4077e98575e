using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Silo.Gateway.OpenApi;

/// <summary>
/// The document's shared parts: the key's security schemes, the ProblemDetails schema every error answers with, each
/// tag in use with its description, and server URLs without the trailing slash that would double a path's own.
/// </summary>
internal sealed class DocumentConventions : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Description ??= "Silo's HTTP API. Send an API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>`; " +
                                      "every error answers with ProblemDetails.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = ApiKeySchemes.All();
        if (document.Components.Schemas?.ContainsKey(OperationResponses.ProblemSchema) != true)
            document.AddComponent(OperationResponses.ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));

        var used = (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
        {
            Name = name, Description = ApiTags.Descriptions.GetValueOrDefault(name),
        }));

        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
    }
}

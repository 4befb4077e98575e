using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Silo.Gateway.OpenApi;

/// <summary>
/// Completes each operation's responses with what the gateway answers beyond what its handler's result types declare:
/// a <see cref="JsonHttpResult{TValue}"/> body (the insights routes write theirs with their own JSON options, which
/// ASP.NET does not describe), 401 and 403 on routes that need a key, 404 on routes that look an item up by its path,
/// 400 where a parameter or body can fail to bind (<see cref="Hosting.ProblemExceptionHandler"/>), every error as ProblemDetails.
/// </summary>
internal sealed class OperationResponses : IOpenApiOperationTransformer
{
    public const string ProblemSchema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var responses = operation.Responses ??= [];
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!responses.Keys.Any(k => k.StartsWith('2')) && metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler)
        {
            foreach (var (status, contentType, body) in SuccessOf(handler.ReturnType))
                responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
                {
                    Description = status == StatusCodes.Status202Accepted ? "Accepted" : "OK",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [contentType] = new() { Schema = body is null ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } : await context.GetOrCreateSchemaAsync(body, null, cancellationToken) },
                    },
                };
        }

        // Bodies declared by content type only (files, captions, the event stream) are text or bytes.
        foreach (var (status, response) in responses)
        {
            if (!status.StartsWith('2') || status is "202" or "204" || response is not OpenApiResponse described) continue;
            if (described.Content is not { Count: > 0 })
            {
                var declared = metadata.OfType<IProducesResponseTypeMetadata>().Where(m => m.StatusCode.ToString(CultureInfo.InvariantCulture) == status)
                    .SelectMany(m => m.ContentTypes).Distinct(StringComparer.Ordinal).ToList();
                described.Content = (declared.Count > 0 ? declared : ["application/octet-stream"]).ToDictionary(t => t, _ => new OpenApiMediaType());
            }
            foreach (var (contentType, media) in described.Content)
                media.Schema ??= new OpenApiSchema { Type = JsonSchemaType.String, Format = contentType.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" };
        }

        var needsKey = !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();
        var parameters = context.Description.ParameterDescriptions;
        if (parameters.Any(p => p.Source != BindingSource.Services && p.Source != BindingSource.Special))
            Add(responses, StatusCodes.Status400BadRequest, "A parameter or the body is not valid", context.Document);
        if (needsKey)
        {
            Add(responses, StatusCodes.Status401Unauthorized, "No key, or a key that is unknown or revoked", context.Document);
            Add(responses, StatusCodes.Status403Forbidden, "The key lacks the permission this route needs", context.Document);
        }
        if (parameters.Any(p => p.Source == BindingSource.Path))
            Add(responses, StatusCodes.Status404NotFound, "No such item, or one of another tenant", context.Document);
        foreach (var (status, response) in responses)
            if (status.StartsWith('4') && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
                bare.Content = Problem(context.Document);
    }

    private static void Add(OpenApiResponses responses, int status, string description, OpenApiDocument? document)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (!responses.ContainsKey(key)) responses[key] = new OpenApiResponse { Description = description, Content = Problem(document) };
    }

    private static Dictionary<string, OpenApiMediaType> Problem(OpenApiDocument? document) =>
        new() { [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) } };

    /// <summary>The 2xx bodies a handler's declared result type answers with and ASP.NET leaves undescribed.</summary>
    private static IEnumerable<(int Status, string ContentType, Type? Body)> SuccessOf(Type returned)
    {
        if (returned.IsGenericType && (returned.GetGenericTypeDefinition() == typeof(Task<>) || returned.GetGenericTypeDefinition() == typeof(ValueTask<>)))
            returned = returned.GetGenericArguments()[0];
        var results = returned.IsGenericType && returned.Namespace == typeof(Results<,>).Namespace && returned.Name.StartsWith("Results`", StringComparison.Ordinal)
            ? returned.GetGenericArguments()
            : [returned];
        foreach (var result in results)
        {
            if (result.IsGenericType && result.GetGenericTypeDefinition() == typeof(JsonHttpResult<>))
                yield return (StatusCodes.Status200OK, "application/json", result.GetGenericArguments()[0]);
            else if (result == typeof(PushStreamHttpResult) || result == typeof(FileStreamHttpResult))
                yield return (StatusCodes.Status200OK, "application/octet-stream", null);
        }
    }
}

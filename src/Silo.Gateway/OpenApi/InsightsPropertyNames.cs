using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Silo.Insights.Accounts;
using Silo.Insights.Queries;

namespace Silo.Gateway.OpenApi;

/// <summary>
/// The insights routes write their bodies with <see cref="InsightsJson.Options"/> (snake_case, as seed 004 names the
/// fields), not with the app's camelCase the document is generated with: their schemas get the names clients receive.
/// </summary>
internal sealed class InsightsPropertyNames : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        // ConnectedAccount is answered through Created<T>, so with the app's names.
        if (type.Namespace != typeof(InsightsJson).Namespace || type == typeof(ConnectedAccount) || schema.Properties is not { Count: > 0 } properties)
            return Task.CompletedTask;
        var naming = InsightsJson.Options.PropertyNamingPolicy!;
        schema.Properties = properties.ToDictionary(p => naming.ConvertName(p.Key), p => p.Value);
        if (schema.Required is { Count: > 0 } required) schema.Required = new HashSet<string>(required.Select(naming.ConvertName));
        return Task.CompletedTask;
    }
}

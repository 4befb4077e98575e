using Microsoft.Extensions.DependencyInjection;

namespace Silo.Gateway.OpenApi;

/// <summary>
/// The OpenAPI document served at <c>/openapi/v1.json</c>, describing the API as it answers: who may call each route,
/// every response with its schema, and the tags. Derived from the endpoints' metadata, so a new route is described too.
/// </summary>
public static class OpenApiServiceCollectionExtensions
{
    public static IServiceCollection AddSiloOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<InsightsPropertyNames>();
            options.AddOperationTransformer<OperationSecurity>();
            options.AddOperationTransformer<OperationResponses>();
            options.AddDocumentTransformer<DocumentConventions>();
        });
}

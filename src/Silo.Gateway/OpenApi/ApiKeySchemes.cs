using Microsoft.OpenApi;

namespace Silo.Gateway.OpenApi;

/// <summary>The two ways a client sends its API key (<see cref="Auth.ApiKeyAuthenticationHandler"/> reads either), as OpenAPI security schemes.</summary>
internal static class ApiKeySchemes
{
    public const string Bearer = "bearer";
    public const string Header = "apiKey";

    public static Dictionary<string, IOpenApiSecurityScheme> All() => new()
    {
        [Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer",
            Description = "The API key as `Authorization: Bearer <key>`. The roles listed on an operation are the permission it needs " +
                          "(analytics:read < manager < admin: a higher one passes too).",
        },
        [Header] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
            Description = "The API key as `X-Api-Key: <key>`, the same key and permissions as the bearer scheme.",
        },
    };
}

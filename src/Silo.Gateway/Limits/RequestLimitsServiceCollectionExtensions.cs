using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Limits;

/// <summary>
/// Abuse limits: body size and slow bodies (Kestrel), JSON depth (the minimal APIs' serializer), and
/// a token bucket per API key (<see cref="ApiKeyRateLimits"/>) answering 429 with Retry-After.
/// </summary>
public static class RequestLimitsServiceCollectionExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSiloOptions<RequestLimitsOptions>(configuration, RequestLimitsOptions.Section);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.Value.MinBodyBytesPerSecond, limits.Value.BodyGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = limits.Value.HeadersTimeout;
        });
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<RequestLimitsOptions>>((json, limits) =>
            json.SerializerOptions.MaxDepth = limits.Value.JsonMaxDepth);
        services.AddSingleton<ApiKeyRateLimits>();
        services.AddSingleton<ClientAddressRateLimits>();
        return services;
    }

    /// <summary>The per-address limit on requests without a valid key; before authentication, so a blocked address costs no query.</summary>
    public static IApplicationBuilder UseClientAddressLimits(this IApplicationBuilder app) => app.UseMiddleware<ClientAddressRateLimits>();

    /// <summary>The per-key request limit, after authentication (it limits by the key a request was made with).</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyRateLimits>();
}

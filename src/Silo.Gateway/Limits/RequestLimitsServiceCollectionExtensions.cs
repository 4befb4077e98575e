using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Limits;

/// <summary>
/// Abuse limits: body size and slow bodies (Kestrel), JSON depth (the minimal APIs' serializer), and
/// a token bucket per API key (ASP.NET Core's rate limiter) answering 429 with Retry-After.
/// </summary>
public static class RequestLimitsServiceCollectionExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<RequestLimitsOptions>>(new SectionValidator<RequestLimitsOptions>(RequestLimitsOptions.Section));
        services.AddOptions<RequestLimitsOptions>().Bind(configuration.GetSection(RequestLimitsOptions.Section)).ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.Value.MinBodyBytesPerSecond, limits.Value.BodyGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = limits.Value.HeadersTimeout;
        });
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<RequestLimitsOptions>>((json, limits) =>
            json.SerializerOptions.MaxDepth = limits.Value.JsonMaxDepth);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestLimitsOptions>>((rate, limits) =>
        {
            var o = limits.Value;
            rate.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                KeyOf(context.User) is { } key && o.RatePermits > 0
                    ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = o.RatePermits,
                        TokensPerPeriod = o.RateRefill,
                        ReplenishmentPeriod = o.RatePeriod,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            rate.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>The key a request was made with (a signed-in browser's too); anonymous requests are not limited here.</summary>
    private static string? KeyOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (Grpc.GrpcTrailers.IsGrpc(context.Request))
        {
            // A gRPC client reads the status, not HTTP's 429 (which it would see as UNAVAILABLE and retry at once).
            await Grpc.GrpcTrailers.WriteStatusAsync(context, global::Grpc.Core.StatusCode.ResourceExhausted,
                $"This API key has used its requests for now; retry after {seconds} s.");
            return;
        }
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This API key has used its requests for now; retry after {seconds} s.",
            },
        });
    }
}

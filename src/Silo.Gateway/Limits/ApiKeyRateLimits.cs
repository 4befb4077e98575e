using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Silo.Gateway.Limits;

/// <summary>
/// A token bucket per API key (a signed-in browser's too), answering 429 with Retry-After; requests
/// without a valid key are limited per client address before it (<see cref="ClientAddressRateLimits"/>).
/// The limiter belongs to the node's container, so its replenishing timers stop with the node. ASP.NET Core's own middleware (<c>UseRateLimiter</c>) never disposes the limiter it
/// builds for endpoint policies (dotnet/aspnetcore#69259): its timer kept every stopped node of a process
/// reachable, pipeline, silo and all.
/// </summary>
internal sealed class ApiKeyRateLimits(IOptions<RequestLimitsOptions> options) : IMiddleware, IAsyncDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter = Create(options.Value);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        using var lease = await _limiter.AcquireAsync(context, permitCount: 1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        await TooManyRequests.WriteAsync(context, lease, "This API key");
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    private static PartitionedRateLimiter<HttpContext> Create(RequestLimitsOptions o) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
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

    private static string? KeyOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}

using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Silo.Gateway.Limits;

/// <summary>
/// A token bucket per API key (a signed-in browser's too), answering 429 with Retry-After; anonymous
/// requests are not limited here. The limiter belongs to the node's container, so its replenishing timers
/// stop with the node. ASP.NET Core's own middleware (<c>UseRateLimiter</c>) never disposes the limiter it
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
        await RejectAsync(context, lease);
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

    private static async Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"This API key has used its requests for now; retry after {seconds} s.";
        if (Grpc.GrpcTrailers.IsGrpc(context.Request))
        {
            // A gRPC client reads the status, not HTTP's 429 (which it would see as UNAVAILABLE and retry at once).
            await Grpc.GrpcTrailers.WriteStatusAsync(context, global::Grpc.Core.StatusCode.ResourceExhausted, detail);
            return;
        }
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = detail,
            },
        });
    }
}

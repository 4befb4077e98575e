using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Gateway.Limits;

/// <summary>The answer of a refused lease: 429 ProblemDetails with Retry-After, or gRPC's RESOURCE_EXHAUSTED.</summary>
internal static class TooManyRequests
{
    /// <param name="who">Who used up its requests, as the answer names it ("This API key").</param>
    public static async Task WriteAsync(HttpContext context, RateLimitLease lease, string who)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"{who} has used its requests for now; retry after {seconds} s.";
        if (Grpc.GrpcTrailers.IsGrpc(context.Request))
        {
            // A gRPC client reads the status, not HTTP's 429 (which it would see as UNAVAILABLE and retry at once).
            await Grpc.GrpcTrailers.WriteStatusAsync(context, global::Grpc.Core.StatusCode.ResourceExhausted, detail);
            return;
        }
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = detail },
        });
    }
}

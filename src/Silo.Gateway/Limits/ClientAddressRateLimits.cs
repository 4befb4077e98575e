using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Silo.Gateway.Limits;

/// <summary>
/// A token bucket per client address (after a trusted proxy's <c>X-Forwarded-For</c>; an IPv6 client
/// by its /64) for requests without a valid key: each request with no key costs a token, and so does
/// each key or session that fails to authenticate, since every such check is a database query. Once an
/// address's bucket is empty it is answered 429 with Retry-After, before any key it sends is looked up
/// (a valid key from that address waits too: it cannot be told from a guess without the query).
/// Valid keys cost nothing here; <see cref="ApiKeyRateLimits"/> limits them per key. The Meta webhook
/// has a bucket of its own per address, so a flood of bad keys from Meta's side of a NAT cannot starve
/// its deliveries. Runs before authentication; like <see cref="ApiKeyRateLimits"/>, the limiter
/// belongs to the node's container.
/// </summary>
internal sealed class ClientAddressRateLimits(IOptions<RequestLimitsOptions> options) : IMiddleware, IAsyncDisposable
{
    private const string Who = "This address has made too many requests without a valid API key and";

    private readonly PartitionedRateLimiter<HttpContext> _limiter = Create(options.Value);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!CarriesCredentials(context.Request))
        {
            using var lease = _limiter.AttemptAcquire(context, permitCount: 1);
            if (!lease.IsAcquired)
            {
                await TooManyRequests.WriteAsync(context, lease, Who);
                return;
            }
            await next(context);
            return;
        }
        // A key or a session: checked by authentication (a query) unless this address has used up its allowance.
        // Read from the bucket's figures: a zero-permit acquire was seen to succeed on an empty bucket. An empty
        // bucket is then asked for a permit, whose refusal carries the Retry-After (or which a refill just granted).
        if (_limiter.GetStatistics(context) is { CurrentAvailablePermits: <= 0 })
        {
            using var refused = _limiter.AttemptAcquire(context, permitCount: 1);
            if (!refused.IsAcquired)
            {
                await TooManyRequests.WriteAsync(context, refused, Who);
                return;
            }
        }
        // A failed check costs its token before the answer leaves: taken after it, a client's next request
        // could arrive first and be checked against a bucket that still held the spent token.
        context.Response.OnStarting(() =>
        {
            if (context.User.Identity?.IsAuthenticated != true) _limiter.AttemptAcquire(context, permitCount: 1).Dispose();
            return Task.CompletedTask;
        });
        await next(context);
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();

    /// <summary>What authentication would look up: a key header, a query token, or a session cookie.</summary>
    private static bool CarriesCredentials(HttpRequest request) =>
        request.Headers.ContainsKey("X-Api-Key") || request.Headers.ContainsKey("Authorization")
        || request.Query.ContainsKey(Auth.QueryAccessToken.Parameter)
        || request.Cookies.Keys.Any(k => k.Contains(Auth.SessionCookie.Name, StringComparison.Ordinal));

    private static PartitionedRateLimiter<HttpContext> Create(RequestLimitsOptions o) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var webhook = context.Request.Path.StartsWithSegments("/webhooks", StringComparison.OrdinalIgnoreCase);
            var (permits, refill) = webhook ? (o.WebhookAddressRatePermits, o.WebhookAddressRateRefill) : (o.AddressRatePermits, o.AddressRateRefill);
            if (permits == 0) return RateLimitPartition.GetNoLimiter("");
            return RateLimitPartition.GetTokenBucketLimiter($"{(webhook ? "webhook" : "no key")} {ClientOf(context)}", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = refill,
                ReplenishmentPeriod = o.AddressRatePeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    /// <summary>The client's address; an IPv6 one by its /64, which one subscriber usually holds whole.</summary>
    private static string ClientOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

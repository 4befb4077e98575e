using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Limits;

/// <summary>What one caller may ask of the gateway. Section <c>Silo:Gateway:Limits</c>; every value has a working default.</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "Silo:Gateway:Limits";

    /// <summary>Largest request body on any route (Kestrel's limit; 413 past it). Default 1 MiB: no route takes files.</summary>
    [Range(1024, 100 * 1024 * 1024)] public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest Meta webhook delivery (413 past it). Meta's deliveries are a few KB; default 256 KiB.</summary>
    [Range(1024, 100 * 1024 * 1024)] public int WebhookMaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest nesting of a JSON body (400 past it). Silo's requests are 3 levels deep; default 16.</summary>
    [Range(4, 256)] public int JsonMaxDepth { get; set; } = 16;

    /// <summary>Requests one API key may make in a burst before it is answered 429. Default 200; 0 turns the limit off.</summary>
    [Range(0, 1_000_000)] public int RatePermits { get; set; } = 200;

    /// <summary>Requests a key gets back per <see cref="RatePeriod"/> after a burst. Default 100 (100 per second).</summary>
    [Range(1, 1_000_000)] public int RateRefill { get; set; } = 100;

    /// <summary>How often a key's <see cref="RateRefill"/> requests come back. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan RatePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Requests one client address may make in a burst without a valid API key (no key, or a key or
    /// session that fails) before it is answered 429. Each is a database query or an anonymous route.
    /// Default 200 (a public page of archived images fits); 0 turns the limit off. Behind a proxy, list
    /// it in <c>Silo:Gateway:TrustedProxies</c>, or every client shares the proxy's bucket.
    /// </summary>
    [Range(0, 1_000_000)] public int AddressRatePermits { get; set; } = 200;

    /// <summary>Requests without a valid key an address gets back per <see cref="AddressRatePeriod"/>. Default 50 (50 a second).</summary>
    [Range(1, 1_000_000)] public int AddressRateRefill { get; set; } = 50;

    /// <summary>How often an address's refills come back (both its buckets). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")] public TimeSpan AddressRatePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Meta webhook deliveries (<c>/webhooks/…</c>) one address may make in a burst: a bucket of their
    /// own, so other traffic from the address cannot starve them. Meta delivers a few a second per app
    /// at most; default 1000, refilled at <see cref="WebhookAddressRateRefill"/>. 0 turns it off.
    /// </summary>
    [Range(0, 1_000_000)] public int WebhookAddressRatePermits { get; set; } = 1000;

    /// <summary>Webhook deliveries an address gets back per <see cref="AddressRatePeriod"/>. Default 200.</summary>
    [Range(1, 1_000_000)] public int WebhookAddressRateRefill { get; set; } = 200;

    /// <summary>Slowest a request body may arrive once <see cref="BodyGracePeriod"/> has passed (408 below it). Default 240 bytes/s.</summary>
    [Range(1, 1_000_000)] public double MinBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a body may arrive slower than <see cref="MinBodyBytesPerSecond"/>. Default 5 s; Kestrel needs more than 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")] public TimeSpan BodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest a client may take to send a request's headers. Default 30 s (Kestrel's).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan HeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

using Microsoft.Extensions.Options;
using Silo.Media.Scrub;
using Silo.Testing;

namespace Silo.Media.Tests.Scrub;

/// <summary>The node's scrub budget on a fake clock whose waits take no real time: reads beyond one second's worth wait at the rate.</summary>
public sealed class ScrubThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TakeAsync_TenSecondsWorthOfReads_WaitAllButTheFirstSecondsWorth()
    {
        var clock = new WaitSkippingClock(Start, TimeSpan.FromMinutes(1));
        var throttle = new ScrubThrottle(Options.Create(new ScrubOptions { BytesPerSecond = 1_000_000 }), clock);

        for (var i = 0; i < 40; i++) await throttle.TakeAsync(256_000, TestContext.Current.CancellationToken); // 10.24 MB

        // The bucket starts full (1 MB): the other 9.24 MB are read at 1 MB/s.
        Assert.InRange((clock.GetUtcNow() - Start).TotalSeconds, 9.23, 9.25);
    }

    [Fact]
    public async Task TakeAsync_WithinTheFirstSecondsWorth_NoWait()
    {
        var clock = new WaitSkippingClock(Start, TimeSpan.FromMinutes(1));
        var throttle = new ScrubThrottle(Options.Create(new ScrubOptions { BytesPerSecond = 1_000_000 }), clock);

        for (var i = 0; i < 4; i++) await throttle.TakeAsync(250_000, TestContext.Current.CancellationToken);

        Assert.Equal(Start, clock.GetUtcNow());
    }
}

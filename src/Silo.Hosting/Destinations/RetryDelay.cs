namespace Silo.Hosting.Destinations;

/// <summary>
/// The wait before a destination's next attempt: the base delay doubled per failure up to the maximum, of which a random
/// half is kept ("equal jitter"), so destinations that failed together (a receiver back from an outage) do not retry together.
/// </summary>
public static class RetryDelay
{
    public static TimeSpan After(int failedAttempts, DestinationOptions options, Random? random = null)
    {
        var doublings = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(options.RetryBaseDelay.Ticks * (double)(1L << doublings), options.RetryMaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ceiling / 2 + (random ?? Random.Shared).NextDouble() * ceiling / 2));
    }
}

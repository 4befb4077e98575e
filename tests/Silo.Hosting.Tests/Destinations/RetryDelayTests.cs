using Silo.Hosting.Destinations;

namespace Silo.Hosting.Tests.Destinations;

public sealed class RetryDelayTests
{
    private static readonly DestinationOptions Options = new() { RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromMinutes(1) };

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    [InlineData(6, 60)]   // 64 s capped at the maximum
    [InlineData(500, 60)] // no overflow however long it has been down
    public void After_FailedAttempts_BetweenHalfAndAllOfTheDoubledDelay(int failures, int ceilingSeconds)
    {
        var low = RetryDelay.After(failures, Options, new FixedRandom(0));
        var high = RetryDelay.After(failures, Options, new FixedRandom(0.999999));
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds / 2.0), low);
        Assert.InRange(high, TimeSpan.FromSeconds(ceilingSeconds * 0.999), TimeSpan.FromSeconds(ceilingSeconds));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}

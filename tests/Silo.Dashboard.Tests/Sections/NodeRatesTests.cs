using Silo.Gateway.Dashboard.Sections;

namespace Silo.Dashboard.Tests.Sections;

public sealed class NodeRatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_TwoHeartbeats_RateIsChangeOverTimeBetweenThem()
    {
        var rates = new NodeRates();
        rates.Observe("n1", T0, turns: 100, failures: 4);

        var rate = rates.Observe("n1", T0.AddSeconds(5), turns: 150, failures: 9);

        Assert.Equal(new Rate(10, 1), rate);
    }

    [Fact]
    public void Observe_SameHeartbeatReadAgain_RateUnchanged()
    {
        var rates = new NodeRates();
        rates.Observe("n1", T0, 0, 0);
        rates.Observe("n1", T0.AddSeconds(2), 20, 0);

        var again = rates.Observe("n1", T0.AddSeconds(2), 20, 0);

        Assert.Equal(10, again.TurnsPerSecond);
    }

    [Fact]
    public void Observe_NodeRestartedWithFreshCounters_CountsFromZero()
    {
        var rates = new NodeRates();
        rates.Observe("n1", T0, 1000, 0);

        var rate = rates.Observe("n1", T0.AddSeconds(5), 50, 0);

        Assert.Equal(10, rate.TurnsPerSecond);
    }

    [Fact]
    public void Observe_FirstHeartbeat_NoRateYet()
    {
        Assert.Equal(default, new NodeRates().Observe("n1", T0, 500, 5));
    }
}

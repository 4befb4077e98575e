using Silo.Insights.Alerts;

namespace Silo.Insights.Tests.Alerts;

/// <summary>Seed 004's alert lines, judged on figures alone: over the line raises, on the line does not.</summary>
public sealed class InsightsAlertRulesTests
{
    private static readonly TimeSpan NoMinimum = TimeSpan.Zero;

    private static AccountHealth Health(double? last = 10, double? average = 10, int history = 20, int hits = 0, int active = 20, int failing = 0) =>
        new("act_1", last, average, history, hits, active, active, failing);

    [Fact]
    public void Judge_LastSyncOverTwiceTheAverage_SlowSyncAlertNamesBothDurations()
    {
        var verdict = InsightsAlertRules.Judge(Health(last: 25, average: 12, history: 5), NoMinimum);

        Assert.Equal("The last scheduled sync of ad account act_1 took 25 s, more than 2 × its average of 12 s over the 5 runs before it.",
            verdict[InsightsAlertRules.SlowSync]);
        Assert.Null(verdict[InsightsAlertRules.RateLimitHits]);
        Assert.Null(verdict[InsightsAlertRules.EntitiesFailing]);
    }

    [Fact]
    public void Judge_LastSyncExactlyTwiceTheAverage_NoAlert() =>
        Assert.Null(InsightsAlertRules.Judge(Health(last: 24, average: 12), NoMinimum)[InsightsAlertRules.SlowSync]);

    [Fact]
    public void Judge_SlowSyncWithTwoRunsOfHistory_NoAlertUntilThree()
    {
        Assert.Null(InsightsAlertRules.Judge(Health(last: 100, average: 10, history: 2), NoMinimum)[InsightsAlertRules.SlowSync]);
        Assert.NotNull(InsightsAlertRules.Judge(Health(last: 100, average: 10, history: 3), NoMinimum)[InsightsAlertRules.SlowSync]);
    }

    [Fact]
    public void Judge_SlowSyncShorterThanTheMinimum_NoAlert()
    {
        Assert.Null(InsightsAlertRules.Judge(Health(last: 0.5, average: 0.2), TimeSpan.FromSeconds(30))[InsightsAlertRules.SlowSync]);
        Assert.NotNull(InsightsAlertRules.Judge(Health(last: 30, average: 0.2), TimeSpan.FromSeconds(30))[InsightsAlertRules.SlowSync]);
    }

    [Fact]
    public void Judge_NoFinishedRun_NoSlowSync() =>
        Assert.Null(InsightsAlertRules.Judge(Health(last: null, average: null, history: 0), NoMinimum)[InsightsAlertRules.SlowSync]);

    [Fact]
    public void Judge_ElevenRateLimitHitsInTheHour_AlertTenDoNot()
    {
        Assert.Null(InsightsAlertRules.Judge(Health(hits: 10), NoMinimum)[InsightsAlertRules.RateLimitHits]);
        Assert.Equal("Ad account act_1 hit Meta's rate limit 11 times in the last hour (alert line: more than 10).",
            InsightsAlertRules.Judge(Health(hits: 11), NoMinimum)[InsightsAlertRules.RateLimitHits]);
    }

    [Fact]
    public void Judge_EntitiesFailing_AlertOnlyAboveFivePercent()
    {
        Assert.Null(InsightsAlertRules.Judge(Health(active: 20, failing: 1), NoMinimum)[InsightsAlertRules.EntitiesFailing]);
        Assert.Equal("2 of the 20 active entities of ad account act_1 (10%) failed their last refresh (alert line: more than 5%).",
            InsightsAlertRules.Judge(Health(active: 20, failing: 2), NoMinimum)[InsightsAlertRules.EntitiesFailing]);
    }

    [Fact]
    public void Judge_NoActiveEntity_NoFailingAlert() =>
        Assert.Null(InsightsAlertRules.Judge(Health(active: 0, failing: 0), NoMinimum)[InsightsAlertRules.EntitiesFailing]);
}

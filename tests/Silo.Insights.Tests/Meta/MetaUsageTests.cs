using Silo.Insights.Meta;

namespace Silo.Insights.Tests.Meta;

public sealed class MetaUsageTests
{
    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public void FromHeaders_BusinessUseCaseWithEstimate_ReturnsHighestPercentAndRegainTime()
    {
        var usage = MetaUsage.FromHeaders(Headers((MetaUsage.BusinessUseCaseHeader,
            """{"1234":[{"type":"ads_insights","call_count":95,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7},{"type":"ads_management","call_count":10,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":2}]}""")));

        Assert.Equal(95, usage.MaxPercent);
        Assert.Equal(TimeSpan.FromMinutes(7), usage.RegainAfter);
    }

    [Fact]
    public void FromHeaders_AppUsageAndInsightsThrottle_ReturnsHighestOfAll()
    {
        var usage = MetaUsage.FromHeaders(Headers(
            (MetaUsage.AppUsageHeader, """{"call_count":12,"total_cputime":40,"total_time":33}"""),
            (MetaUsage.InsightsThrottleHeader, """{"app_id_util_pct":61.5,"acc_id_util_pct":20,"ads_api_access_tier":"standard_access"}""")));

        Assert.Equal(61.5, usage.MaxPercent);
        Assert.Null(usage.RegainAfter);
    }

    [Fact]
    public void FromHeaders_AdAccountUsageWithReset_ReturnsResetAsRegainTime()
    {
        var usage = MetaUsage.FromHeaders(Headers((MetaUsage.AdAccountUsageHeader,
            """{"acc_id_util_pct":99.2,"reset_time_duration":120,"ads_api_access_tier":"standard_access"}""")));

        Assert.Equal(99.2, usage.MaxPercent);
        Assert.Equal(TimeSpan.FromSeconds(120), usage.RegainAfter);
    }

    [Fact]
    public void FromHeaders_MalformedHeader_IgnoredWithoutFailing()
    {
        var usage = MetaUsage.FromHeaders(Headers(
            (MetaUsage.AppUsageHeader, "{not json"),
            (MetaUsage.InsightsThrottleHeader, """{"acc_id_util_pct":33}""")));

        Assert.Equal(33, usage.MaxPercent);
    }
}

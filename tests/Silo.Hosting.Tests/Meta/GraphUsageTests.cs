using Silo.Hosting.Meta;

namespace Silo.Hosting.Tests.Meta;

/// <summary>Meta's usage headers, read once for every module's Graph calls.</summary>
public sealed class GraphUsageTests
{
    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public void Read_AppPageAndBusinessHeaders_HighestFigureAndLongestEstimate()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-App-Usage", """{"call_count":12,"total_cputime":30,"total_time":20}""");
        response.Headers.Add("X-Page-Usage", """{"call_count":40,"total_cputime":5,"total_time":8,"estimated_time_to_regain_access":0}""");
        response.Headers.Add("X-Business-Use-Case-Usage",
            """{"123":[{"type":"pages","call_count":71,"total_cputime":2,"total_time":3,"estimated_time_to_regain_access":7}]}""");

        var usage = GraphUsage.Read(response.Headers);

        Assert.Equal((71.0, (TimeSpan?)TimeSpan.FromMinutes(7)), (usage.Percent, usage.RegainAfter));
    }

    [Fact]
    public void Read_PageUsageOnly_PercentAndItsEstimate()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-Page-Usage", """{"call_count":96,"total_cputime":5,"total_time":8,"estimated_time_to_regain_access":3}""");

        var usage = GraphUsage.Read(response.Headers);

        Assert.Equal((96.0, (TimeSpan?)TimeSpan.FromMinutes(3)), (usage.Percent, usage.RegainAfter));
    }

    [Fact]
    public void Read_NoHeadersOrBrokenJson_NoUsage()
    {
        using var response = new HttpResponseMessage();
        response.Headers.Add("X-App-Usage", "not json");

        Assert.Equal(GraphUsage.None, GraphUsage.Read(response.Headers));
    }

    [Fact]
    public void FromHeaders_BusinessUseCaseWithEstimate_ReturnsHighestPercentAndRegainTime()
    {
        var usage = GraphUsage.FromHeaders(Headers((GraphUsage.BusinessUseCaseHeader,
            """{"1234":[{"type":"ads_insights","call_count":95,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7},{"type":"ads_management","call_count":10,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":2}]}""")));

        Assert.Equal(95, usage.Percent);
        Assert.Equal(TimeSpan.FromMinutes(7), usage.RegainAfter);
    }

    [Fact]
    public void FromHeaders_AppUsageAndInsightsThrottle_ReturnsHighestOfAll()
    {
        var usage = GraphUsage.FromHeaders(Headers(
            (GraphUsage.AppUsageHeader, """{"call_count":12,"total_cputime":40,"total_time":33}"""),
            (GraphUsage.InsightsThrottleHeader, """{"app_id_util_pct":61.5,"acc_id_util_pct":20,"ads_api_access_tier":"standard_access"}""")));

        Assert.Equal(61.5, usage.Percent);
        Assert.Null(usage.RegainAfter);
    }

    [Fact]
    public void FromHeaders_AdAccountUsageWithReset_ReturnsResetAsRegainTime()
    {
        var usage = GraphUsage.FromHeaders(Headers((GraphUsage.AdAccountUsageHeader,
            """{"acc_id_util_pct":99.2,"reset_time_duration":120,"ads_api_access_tier":"standard_access"}""")));

        Assert.Equal(99.2, usage.Percent);
        Assert.Equal(TimeSpan.FromSeconds(120), usage.RegainAfter);
    }

    [Fact]
    public void FromHeaders_MalformedHeader_IgnoredWithoutFailing()
    {
        var usage = GraphUsage.FromHeaders(Headers(
            (GraphUsage.AppUsageHeader, "{not json"),
            (GraphUsage.InsightsThrottleHeader, """{"acc_id_util_pct":33}""")));

        Assert.Equal(33, usage.Percent);
    }
}

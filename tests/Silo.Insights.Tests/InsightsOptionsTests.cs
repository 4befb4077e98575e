using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Testing;

namespace Silo.Insights.Tests;

public sealed class InsightsOptionsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("INSIGHTS_MAX_DAYS_BACK", "2000", "Silo:Insights:MaxDaysBack")]
    [InlineData("META_INSIGHTS_MODE", "hybrid", "META_INSIGHTS_MODE")]
    [InlineData("Silo:Insights:LookbackDays", "400", "Silo:Insights:LookbackDays")]
    [InlineData("INSIGHTS_SYNC_INTERVAL_MINUTES", "0", "Silo:Insights:SyncInterval")]
    public async Task Start_InvalidSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() =>
            TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeedEnvironmentNames_MappedOntoOptions()
    {
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["META_INSIGHTS_MODE"] = "live",
            ["INSIGHTS_SYNC_ENABLED"] = "false",
            ["INSIGHTS_SYNC_INTERVAL_MINUTES"] = "15",
            ["META_API_RATE_LIMIT_RETRY_DELAY"] = "30",
            ["META_API_MAX_RETRIES"] = "5",
            ["INSIGHTS_MAX_DAYS_BACK"] = "90",
        });

        var options = node.Services.GetRequiredService<IOptions<InsightsOptions>>().Value;

        Assert.Equal(InsightsMode.Live, options.Mode);
        Assert.False(options.SyncEnabled);
        Assert.Equal(TimeSpan.FromMinutes(15), options.SyncInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RateLimitRetryDelay);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(90, options.MaxDaysBack);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Insights.Hosting;
using Silo.Testing;

namespace Silo.Insights.Tests.Hosting;

public sealed class InsightsOptionsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("INSIGHTS_MAX_DAYS_BACK", "2000", "Silo:Insights:MaxDaysBack")]
    [InlineData("META_INSIGHTS_MODE", "hybrid", "META_INSIGHTS_MODE")]
    [InlineData("Silo:Insights:LookbackDays", "400", "Silo:Insights:LookbackDays")]
    [InlineData("INSIGHTS_SYNC_INTERVAL_MINUTES", "0", "Silo:Insights:SyncInterval")]
    [InlineData("INSIGHTS_DEFAULT_BATCH_SIZE", "five", "INSIGHTS_DEFAULT_BATCH_SIZE")]
    public async Task Start_InvalidSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() =>
            TestNode.StartAsync(database.ConnectionString, settings: new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1126, true)]
    [InlineData(1127, false)]
    public void Validate_MaxDaysBack_ClampedToMetasThirtySevenMonths(int maxDaysBack, bool valid)
    {
        var options = new InsightsOptions { MaxDaysBack = maxDaysBack };
        var results = new List<ValidationResult>();

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Equal(valid ? [] : [nameof(InsightsOptions.MaxDaysBack)], results.SelectMany(r => r.MemberNames));
    }

    [Fact]
    public void Defaults_LookbackIs28DaysAndIntervalIs30Minutes()
    {
        var options = new InsightsOptions();
        Assert.Equal(28, options.LookbackDays);
        Assert.Equal(TimeSpan.FromMinutes(30), options.SyncInterval);
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
            ["INSIGHTS_DEFAULT_BATCH_SIZE"] = "5",
        });

        var options = node.Services.GetRequiredService<IOptions<InsightsOptions>>().Value;

        Assert.Equal(InsightsMode.Live, options.Mode);
        Assert.False(options.SyncEnabled);
        Assert.Equal(TimeSpan.FromMinutes(15), options.SyncInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RateLimitRetryDelay);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(90, options.MaxDaysBack);
        Assert.Equal(5, options.CampaignBatchSize);
    }
}

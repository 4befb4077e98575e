using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Hosting.Tests.Hosting;

/// <summary>The one rule every module's seed environment names follow (AddSiloOptions with SeedNames).</summary>
public sealed class SeedNamesTests
{
    private sealed class KeyOptions
    {
        public string? ApiKey { get; set; }
        public int Retries { get; set; } = 3;
    }

    private static KeyOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSiloOptions<KeyOptions>(configuration, "Silo:Test", names => names
            .Map("OWN_API_KEY", nameof(KeyOptions.ApiKey), (o, v) => o.ApiKey = v)
            .Map("VENDOR_API_KEY", nameof(KeyOptions.ApiKey), (o, v) => o.ApiKey = v)
            .Map("OWN_RETRIES", nameof(KeyOptions.Retries), (o, v) => o.Retries = int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));
        return services.BuildServiceProvider().GetRequiredService<IOptions<KeyOptions>>().Value;
    }

    [Fact]
    public void SiloSetting_WinsOverItsSeedNames()
    {
        var options = Options(new() { ["Silo:Test:ApiKey"] = "silo", ["OWN_API_KEY"] = "own", ["OWN_RETRIES"] = "7" });

        Assert.Equal("silo", options.ApiKey);
        Assert.Equal(7, options.Retries);
    }

    [Fact]
    public void FirstSeedNameGiven_WinsOverLaterOnes()
    {
        Assert.Equal("own", Options(new() { ["OWN_API_KEY"] = "own", ["VENDOR_API_KEY"] = "vendor" }).ApiKey);
        Assert.Equal("vendor", Options(new() { ["VENDOR_API_KEY"] = " vendor " }).ApiKey);
    }

    [Fact]
    public void SeedValueThatDoesNotParse_NamesTheSeedName()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["OWN_RETRIES"] = "seven" }));

        Assert.Contains("OWN_RETRIES", error.Message);
        Assert.Contains("Silo:Test:Retries", error.Message);
    }
}

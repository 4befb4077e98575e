using Silo.Hosting.Hosting;
using Silo.Media.Patreon;

namespace Silo.Media.Tests.Patreon;

/// <summary>Start-up validation of <c>Silo:Media:Patreon</c> and <c>Silo:Patreon</c>: each bad setting named by its configuration path.</summary>
public sealed class PatreonOptionsTests
{
    private static readonly SectionValidator<PatreonCrawlOptions> Crawl = new(PatreonCrawlOptions.Section);
    private static readonly SectionValidator<PatreonOptions> Api = new(PatreonOptions.Section);

    [Fact]
    public void Validate_Defaults_SucceedWithSeed003sWorkers()
    {
        var defaults = new PatreonCrawlOptions();

        Assert.True(Crawl.Validate(null, defaults).Succeeded);
        Assert.True(Api.Validate(null, new PatreonOptions()).Succeeded);
        Assert.Equal((2, 1, 2), (defaults.ListConcurrency, defaults.DetailsConcurrency, defaults.CollectionsConcurrency));
    }

    [Fact]
    public void Validate_NoSlotForAPhase_FailsNamingTheSetting()
    {
        var result = Crawl.Validate(null, new PatreonCrawlOptions { DetailsConcurrency = 0 });

        Assert.Single(result.Failures!, f => f.StartsWith("Silo:Media:Patreon:DetailsConcurrency:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BaseUrlNotHttp_FailsNamingTheSetting()
    {
        var result = Api.Validate(null, new PatreonOptions { BaseUrl = "ftp://patreon.example" });

        Assert.Equal(["Silo:Patreon:BaseUrl: must be an absolute http or https URL."], result.Failures);
    }
}

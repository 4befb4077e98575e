using Silo.Hosting.Hosting;
using Silo.Media.Backfill;

namespace Silo.Media.Tests.Backfill;

/// <summary>Start-up validation of <c>Silo:Media:Backfill</c>: each bad setting named by its configuration path.</summary>
public sealed class BackfillOptionsTests
{
    private static readonly SectionValidator<BackfillOptions> Validator = new(BackfillOptions.Section);

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(Validator.Validate(null, new BackfillOptions()).Succeeded);

    [Fact]
    public void Validate_SlowDownNotBelowStop_FailsNamingTheSetting()
    {
        var result = Validator.Validate(null, new BackfillOptions { SlowDownAbovePercent = 90, StopAbovePercent = 90 });

        Assert.Equal(["Silo:Media:Backfill:SlowDownAbovePercent: must be below StopAbovePercent."], result.Failures);
    }

    [Fact]
    public void Validate_PageSizeOverMetasMaximum_FailsNamingTheSetting()
    {
        var result = Validator.Validate(null, new BackfillOptions { PageSize = 500 });

        Assert.Single(result.Failures!, f => f.StartsWith("Silo:Media:Backfill:PageSize:", StringComparison.Ordinal));
    }
}

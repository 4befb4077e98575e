using System.ComponentModel.DataAnnotations;
using Silo.Hosting.Hosting;

namespace Silo.Hosting.Tests.Hosting;

public sealed class SectionValidatorTests
{
    private sealed class TimingOptions
    {
        [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan A { get; set; } = TimeSpan.FromSeconds(5);
        [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan B { get; set; } = TimeSpan.FromSeconds(5);
    }

    [Fact]
    public void Validate_OutOfRange_NamesTheSetting()
    {
        var result = new SectionValidator<TimingOptions>("Silo:Test").Validate(null, new TimingOptions { B = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Silo:Test:B", result.FailureMessage);
    }
}

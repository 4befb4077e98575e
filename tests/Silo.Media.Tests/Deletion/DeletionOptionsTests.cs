using System.ComponentModel.DataAnnotations;
using Silo.Media.Deletion;

namespace Silo.Media.Tests.Deletion;

public sealed class DeletionOptionsTests
{
    [Theory]
    [InlineData("stories", "1.00:00:00", "Retention names stories, which is not a source")]
    [InlineData("instagram", "00:00:00", "Retention of instagram must be longer than zero.")]
    public void Validate_BadRetention_RefusedNamingIt(string source, string keep, string message)
    {
        var options = new DeletionOptions { Retention = { [source] = TimeSpan.Parse(keep, System.Globalization.CultureInfo.InvariantCulture) } };

        var results = options.Validate(new ValidationContext(options)).ToList();

        Assert.StartsWith(message, Assert.Single(results).ErrorMessage);
    }

    [Fact]
    public void Validate_Defaults_NoRetentionAndAWeeksGrace()
    {
        var options = new DeletionOptions();

        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.Equal((TimeSpan.FromDays(7), 0), (options.GracePeriod, options.Retention.Count));
    }
}

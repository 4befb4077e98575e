using Microsoft.Extensions.Configuration;
using Silo.Media.Archiving;

namespace Silo.Media.Tests.Archiving;

/// <summary>The media policy as configuration binds it.</summary>
public sealed class MediaPolicyOptionsTests
{
    [Fact]
    public void Bind_SubtitleLanguagesConfigured_ReplaceTheDefault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:Media:Policy:YouTube:SubtitleLanguages:0"] = "pt-BR",
        }).Build();
        var options = new MediaPolicyOptions();

        configuration.GetSection(MediaPolicyOptions.Section).Bind(options);

        Assert.Equal(["pt-BR"], options.YouTube.EffectiveSubtitleLanguages);
    }

    [Fact]
    public void Bind_SubtitleLanguagesNotConfigured_EnglishAndSpanish()
    {
        Assert.Equal(["en", "es"], new MediaPolicyOptions().YouTube.EffectiveSubtitleLanguages);
    }
}

using Silo.Hosting.Hosting;
using Silo.Media.Transcription;

namespace Silo.Media.Tests.Transcription;

/// <summary>Start-up validation of <c>Silo:Transcription</c> and the part length the upload limit gives.</summary>
public sealed class TranscriptionOptionsTests
{
    private static readonly SectionValidator<TranscriptionOptions> Validator = new(TranscriptionOptions.Section);

    [Fact]
    public void Validate_DefaultsEnabled_Succeed() => Assert.True(Validator.Validate(null, new TranscriptionOptions { Enabled = true }).Succeeded);

    [Fact]
    public void Validate_KeyOverPlainHttpToAnotherHost_FailsNamingBaseUrl()
    {
        var result = Validator.Validate(null, new TranscriptionOptions { Enabled = true, BaseUrl = "http://whisper.internal:8000/v1", ApiKey = "k" });

        Assert.Equal(["Silo:Transcription:BaseUrl: must be https when an API key is set (the key would travel in clear)."], result.Failures);
    }

    [Fact]
    public void Validate_PlainHttpWithoutKey_Succeeds() =>
        Assert.True(Validator.Validate(null, new TranscriptionOptions { Enabled = true, BaseUrl = "http://whisper.internal:8000/v1" }).Succeeded);

    [Fact]
    public void Validate_LimitTooSmallForTheBitRate_FailsNamingMaxUploadBytes()
    {
        var result = Validator.Validate(null, new TranscriptionOptions { MaxUploadBytes = 16 * 1024, SplitBitrateKbps = 128 });

        Assert.Equal(["Silo:Transcription:MaxUploadBytes: leaves less than a second of sound per part at 128 kbit/s; raise it or lower SplitBitrateKbps."],
            result.Failures);
    }

    [Theory]
    [InlineData(25L * 1024 * 1024, 32, 5897)] // about 98 minutes
    [InlineData(16384, 32, 2)]
    public void PartSeconds_LimitAndBitRate_NinetyPercentOfWhatFits(long limit, int kbps, int seconds) =>
        Assert.Equal(seconds, AudioSplitter.PartSeconds(new TranscriptionOptions { MaxUploadBytes = limit, SplitBitrateKbps = kbps }));
}

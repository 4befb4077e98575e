using Silo.Insights.Meta;

namespace Silo.Insights.Tests.Meta;

public sealed class MetaApiExceptionTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(613)]
    [InlineData(80000)]
    [InlineData(80004)]
    [InlineData(80014)]
    public void IsRateLimit_ThrottlingCode_True(int code) =>
        Assert.True(new MetaApiException(code, null, "limit", 400, null).IsRateLimit);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(190)]
    [InlineData(79999)]
    [InlineData(80015)]
    public void IsRateLimit_OtherCode_False(int code) =>
        Assert.False(new MetaApiException(code, null, "other", 400, null).IsRateLimit);

    [Fact]
    public void IsTokenExpired_Code190_TrueAndNotRateLimit()
    {
        var error = new MetaApiException(190, 463, "Session has expired", 400, null);
        Assert.True(error.IsTokenExpired);
        Assert.False(error.IsRateLimit);
    }
}

using Silo.Hosting.Meta;

namespace Silo.Hosting.Tests.Meta;

public sealed class GraphApiExceptionTests
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
        Assert.True(new GraphApiException(400, code, null, "limit").IsRateLimit);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(190)]
    [InlineData(79999)]
    [InlineData(80015)]
    public void IsRateLimit_OtherCode_False(int code) =>
        Assert.False(new GraphApiException(400, code, null, "other").IsRateLimit);

    [Fact]
    public void IsTokenExpired_Code190_TrueAndNotRateLimit()
    {
        var error = new GraphApiException(400, 190, 463, "Session has expired");
        Assert.True(error.IsTokenExpired);
        Assert.False(error.IsRateLimit);
    }
}

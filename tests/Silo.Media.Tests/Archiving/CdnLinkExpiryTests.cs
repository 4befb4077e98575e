using Silo.Media.Archiving;

namespace Silo.Media.Tests.Archiving;

public sealed class CdnLinkExpiryTests
{
    [Fact]
    public void Read_OeInHex_ExpiryTime()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x6553F100),
            CdnLinkExpiry.Read("https://scontent.xx.fbcdn.net/v/t39/a.jpg?oh=00_x&oe=6553F100"));
        Assert.Null(CdnLinkExpiry.Read("https://scontent.xx.fbcdn.net/v/t39/a.jpg?oh=00_x"));
    }
}

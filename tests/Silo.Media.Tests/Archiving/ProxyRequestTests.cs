using System.Text;
using Silo.Media.Archiving;

namespace Silo.Media.Tests.Archiving;

/// <summary>The request heads the guarded proxy reads: what host it decides on, and what it passes on.</summary>
public sealed class ProxyRequestTests
{
    [Theory]
    [InlineData("CONNECT www.youtube.com:443 HTTP/1.1", "www.youtube.com", 443, true)]
    [InlineData("CONNECT [::1]:8443 HTTP/1.1", "::1", 8443, true)]
    [InlineData("GET http://Example.COM:8080/a?b=1 HTTP/1.1", "example.com", 8080, false)]
    [InlineData("GET http://127.0.0.1/a HTTP/1.0", "127.0.0.1", 80, false)]
    public void TryParse_ProxyRequest_TargetReadAsDecided(string line, string host, int port, bool tunnel)
    {
        Assert.True(ProxyRequest.TryParse(line + "\r\nHost: ignored", out var request, out var error), error);
        Assert.Equal((host, port, tunnel), (request!.Host, request.Port, request.IsTunnel));
    }

    [Theory]
    [InlineData("CONNECT www.youtube.com HTTP/1.1")]
    [InlineData("CONNECT user@www.youtube.com:443 HTTP/1.1")]
    [InlineData("CONNECT www.youtube.com:443/x HTTP/1.1")]
    [InlineData("CONNECT www.youtube.com:70000 HTTP/1.1")]
    [InlineData("GET /watch HTTP/1.1")]
    [InlineData("GET https://www.youtube.com/ HTTP/1.1")]
    [InlineData("GET http://user:pw@www.youtube.com/ HTTP/1.1")]
    [InlineData("GET ftp://www.youtube.com/ HTTP/1.1")]
    [InlineData("GET http://www.youtube.com/ HTTP/2")]
    [InlineData("GET  http://www.youtube.com/ HTTP/1.1")]
    [InlineData("GET http://www.youtube.com/ HTTP/1.1\r\nTransfer-Encoding: chunked")]
    [InlineData("GET http://www.youtube.com/ HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2")]
    [InlineData("GET http://www.youtube.com/ HTTP/1.1\r\nX-A: 1\nHost: other.example")]
    [InlineData("GET http://www.youtube.com/ HTTP/1.1\r\n folded")]
    public void TryParse_RequestNotServed_Refused(string head) =>
        Assert.False(ProxyRequest.TryParse(head, out _, out _));

    [Fact]
    public void OriginHead_PlainRequest_OriginFormWithTheUrlsHostNoHopHeadersAndConnectionClose()
    {
        Assert.True(ProxyRequest.TryParse("POST http://127.0.0.1:8080/a?b=1 HTTP/1.1\r\nHost: other.example\r\nProxy-Authorization: Basic x\r\n" +
            "Connection: keep-alive, X-Secret\r\nX-Secret: s\r\nKeep-Alive: 5\r\nContent-Length: 3\r\nAccept: */*", out var request, out _));

        Assert.Equal("POST /a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 3\r\nAccept: */*\r\nConnection: close\r\n\r\n",
            Encoding.Latin1.GetString(request!.OriginHead()));
        Assert.Equal(3, request.ContentLength);
    }
}

using System.Text;
using Silo.Hosting.Destinations;

namespace Silo.Hosting.Tests.Destinations;

public sealed class WebhookSignatureTests
{
    // Computed independently: printf '{"id":1}' | openssl dgst -sha256 -hmac 'whsec_test'
    [Fact]
    public void Sign_KnownSecretAndBody_HmacSha256OfTheRawBody() =>
        Assert.Equal("sha256=" + OpenSslHmac, WebhookSignature.Sign("whsec_test", Encoding.UTF8.GetBytes("""{"id":1}""")));

    [Fact]
    public void NewSecret_TwoCalls_DifferAndCarryThePrefix()
    {
        var (a, b) = (WebhookSignature.NewSecret(), WebhookSignature.NewSecret());
        Assert.NotEqual(a, b);
        Assert.StartsWith("whsec_", a);
        Assert.Equal(6 + 43, a.Length);
    }

    private const string OpenSslHmac = "28b662b0d2478f16dfe24997114352f1e753db9b7b114b477859947e73144763";
}

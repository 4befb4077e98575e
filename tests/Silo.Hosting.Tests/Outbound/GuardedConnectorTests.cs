using System.Net;
using Silo.Hosting.Outbound;

namespace Silo.Hosting.Tests.Outbound;

/// <summary>The decision made after DNS resolution, exercised with a fake resolver: nothing here opens a socket.</summary>
public sealed class GuardedConnectorTests
{
    private static GuardedConnector Connector(bool allowLoopback, params string[] resolved) =>
        new(new HostAllowList(["fbcdn.net", "127.0.0.1:8080", "localhost:8080"]), allowLoopback,
            (_, _) => Task.FromResult(resolved.Select(IPAddress.Parse).ToArray()));

    [Theory]
    [InlineData("10.0.0.7", AddressVerdict.Private)]
    [InlineData("169.254.169.254", AddressVerdict.Metadata)]
    [InlineData("100.64.1.1", AddressVerdict.CarrierGradeNat)]
    [InlineData("::ffff:10.0.0.7", AddressVerdict.Ipv4Mapped)]
    [InlineData("fe80::1", AddressVerdict.LinkLocal)]
    [InlineData("127.0.0.1", AddressVerdict.Loopback)]
    public async Task AllowedAddressesAsync_HostResolvingToForbiddenAddress_Refused(string resolved, AddressVerdict verdict)
    {
        var refused = await Assert.ThrowsAsync<AddressRefusedException>(() =>
            Connector(allowLoopback: false, resolved).AllowedAddressesAsync("scontent.fbcdn.net", 443, TestContext.Current.CancellationToken));
        Assert.Equal(verdict, refused.Verdict);
        // Named in words, never by the enum's name.
        Assert.DoesNotContain(verdict.ToString(), refused.Message);
        Assert.EndsWith($"resolves to {AddressRefusedException.InWords(verdict)}.", refused.Message);
    }

    [Fact]
    public void InWords_EveryRefusedKind_ItsOwnWordsNeverTheEnumName()
    {
        var refused = Enum.GetValues<AddressVerdict>().Where(v => v != AddressVerdict.Allowed).ToList();
        var words = refused.Select(AddressRefusedException.InWords).ToList();

        Assert.Equal(refused.Count, words.Distinct().Count());
        Assert.DoesNotContain("an address that is not on the public internet", words);
        Assert.All(refused.Zip(words), p => Assert.DoesNotContain(p.First.ToString(), p.Second));
    }

    [Fact]
    public async Task AllowedAddressesAsync_NameWithNoAddress_UnresolvedNotRefused()
    {
        var error = await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() =>
            Connector(allowLoopback: false).AllowedAddressesAsync("scontent.fbcdn.net", 443, TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.Sockets.SocketError.HostNotFound, error.SocketErrorCode);
    }

    [Fact]
    public async Task AllowedAddressesAsync_MixedAnswer_KeepsOnlyPublicAddresses()
    {
        var allowed = await Connector(false, "10.0.0.1", "157.240.22.35", "169.254.169.254")
            .AllowedAddressesAsync("scontent.fbcdn.net", 443, TestContext.Current.CancellationToken);
        Assert.Equal([IPAddress.Parse("157.240.22.35")], allowed);
    }

    [Theory]
    [InlineData("::1", 8080, true)]
    [InlineData("[::1]", 8080, true)]
    [InlineData("::1", 8081, false)]
    public async Task AllowedAddressesAsync_Ipv6LoopbackLiteralNamedWithItsPort_AdmittedOnlyOnThatPort(string host, int port, bool admitted)
    {
        var connector = new GuardedConnector(new HostAllowList(["[::1]:8080"]), allowLoopbackForTesting: true,
            (_, _) => throw new InvalidOperationException("a literal is never resolved"));

        var decide = () => connector.AllowedAddressesAsync(host, port, TestContext.Current.CancellationToken);

        if (admitted) Assert.Equal([IPAddress.IPv6Loopback], await decide());
        else Assert.Equal(AddressVerdict.Loopback, (await Assert.ThrowsAsync<AddressRefusedException>(decide)).Verdict);
    }

    [Fact]
    public async Task AllowedAddressesAsync_LoopbackNamedExactlyAndTestingAllowed_Admitted()
    {
        var allowed = await Connector(true, "127.0.0.1").AllowedAddressesAsync("localhost", 8080, TestContext.Current.CancellationToken);
        Assert.Equal([IPAddress.Loopback], allowed);
    }

    [Fact]
    public async Task AllowedAddressesAsync_LoopbackOnAnotherPort_RefusedEvenWhenTestingAllowed()
    {
        await Assert.ThrowsAsync<AddressRefusedException>(() =>
            Connector(true, "127.0.0.1").AllowedAddressesAsync("127.0.0.1", 5432, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AllowedAddressesAsync_PrivateNamedExactlyAndTestingAllowed_StillRefused()
    {
        // The testing exception covers loopback only, never a private network.
        var connector = new GuardedConnector(new HostAllowList(["10.0.0.5:80"]), true, (_, _) => Task.FromResult(Array.Empty<IPAddress>()));
        var refused = await Assert.ThrowsAsync<AddressRefusedException>(() =>
            connector.AllowedAddressesAsync("10.0.0.5", 80, TestContext.Current.CancellationToken));
        Assert.Equal(AddressVerdict.Private, refused.Verdict);
    }
}

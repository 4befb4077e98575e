using System.Net;
using Silo.Hosting.Outbound;

namespace Silo.Hosting.Tests.Outbound;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressVerdict.Loopback)]
    [InlineData("127.8.9.10", AddressVerdict.Loopback)]
    [InlineData("::1", AddressVerdict.Loopback)]
    [InlineData("10.1.2.3", AddressVerdict.Private)]
    [InlineData("172.16.0.1", AddressVerdict.Private)]
    [InlineData("172.31.255.254", AddressVerdict.Private)]
    [InlineData("192.168.1.1", AddressVerdict.Private)]
    [InlineData("fd12:3456::1", AddressVerdict.Private)]
    [InlineData("fec0::1", AddressVerdict.Private)]
    [InlineData("169.254.1.1", AddressVerdict.LinkLocal)]
    [InlineData("fe80::1", AddressVerdict.LinkLocal)]
    [InlineData("100.64.0.1", AddressVerdict.CarrierGradeNat)]
    [InlineData("100.127.255.254", AddressVerdict.CarrierGradeNat)]
    [InlineData("169.254.169.254", AddressVerdict.Metadata)]
    [InlineData("100.100.100.200", AddressVerdict.Metadata)]
    [InlineData("fd00:ec2::254", AddressVerdict.Metadata)]
    [InlineData("::ffff:127.0.0.1", AddressVerdict.Ipv4Mapped)]
    [InlineData("::ffff:169.254.169.254", AddressVerdict.Ipv4Mapped)]
    [InlineData("::ffff:8.8.8.8", AddressVerdict.Ipv4Mapped)]
    [InlineData("::127.0.0.1", AddressVerdict.Ipv4Mapped)]
    [InlineData("64:ff9b::a00:1", AddressVerdict.Ipv4Mapped)]
    [InlineData("2002:a00:1::1", AddressVerdict.Ipv4Mapped)]
    [InlineData("0.0.0.0", AddressVerdict.Unspecified)]
    [InlineData("::", AddressVerdict.Unspecified)]
    [InlineData("224.0.0.1", AddressVerdict.Multicast)]
    [InlineData("ff02::1", AddressVerdict.Multicast)]
    [InlineData("255.255.255.255", AddressVerdict.Reserved)]
    [InlineData("192.0.2.10", AddressVerdict.Reserved)]
    [InlineData("2001:db8::1", AddressVerdict.Reserved)]
    public void Decide_ForbiddenAddress_Refused(string address, AddressVerdict expected) =>
        Assert.Equal(expected, AddressPolicy.Decide(IPAddress.Parse(address)));

    [Theory]
    [InlineData("157.240.22.35")]  // a Meta CDN edge
    [InlineData("31.13.71.36")]
    [InlineData("172.32.0.1")]     // just past 172.16/12
    [InlineData("100.128.0.1")]    // just past 100.64/10
    [InlineData("2a03:2880:f12c:83:face:b00c:0:25de")]
    public void Decide_PublicUnicastAddress_Allowed(string address) =>
        Assert.Equal(AddressVerdict.Allowed, AddressPolicy.Decide(IPAddress.Parse(address)));
}

using System.Net;
using System.Net.Sockets;

namespace Silo.Hosting.Outbound;

/// <summary>
/// Decides, without connecting, whether an address a host resolved to is a public unicast
/// address. Everything a server-side request forgery would aim at is refused: loopback, private
/// and unique-local ranges, link-local, carrier-grade NAT, cloud metadata endpoints, IPv4 hidden
/// inside IPv6 (mapped, compatible, NAT64, 6to4), multicast and reserved ranges.
/// </summary>
public static class AddressPolicy
{
    // Metadata services are named separately so a refusal says what was being reached for.
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, GCP, Azure, OpenStack
        IPAddress.Parse("169.254.170.2"),   // AWS ECS task metadata
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("192.0.0.192"),     // Oracle Cloud
        IPAddress.Parse("fd00:ec2::254"),   // AWS over IPv6
    ];

    public static AddressVerdict Decide(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return AddressVerdict.Ipv4Mapped;
        if (MetadataAddresses.Any(m => m.Equals(address))) return AddressVerdict.Metadata;
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => DecideV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => DecideV6(address),
            _ => AddressVerdict.Reserved,
        };
    }

    private static AddressVerdict DecideV4(byte[] b) => (b[0], b[1], b[2]) switch
    {
        (0, _, _) => AddressVerdict.Unspecified,
        (127, _, _) => AddressVerdict.Loopback,
        (10, _, _) => AddressVerdict.Private,
        (172, >= 16 and <= 31, _) => AddressVerdict.Private,
        (192, 168, _) => AddressVerdict.Private,
        (169, 254, _) => AddressVerdict.LinkLocal,
        (100, >= 64 and <= 127, _) => AddressVerdict.CarrierGradeNat,
        (192, 0, 0) or (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => AddressVerdict.Reserved,
        (198, 18 or 19, _) => AddressVerdict.Reserved,
        (>= 224 and <= 239, _, _) => AddressVerdict.Multicast,
        (>= 240, _, _) => AddressVerdict.Reserved,
        _ => AddressVerdict.Allowed,
    };

    private static AddressVerdict DecideV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any)) return AddressVerdict.Unspecified;
        if (address.Equals(IPAddress.IPv6Loopback)) return AddressVerdict.Loopback;
        var b = address.GetAddressBytes();
        // ::a.b.c.d (deprecated IPv4-compatible form): IPv4 wearing an IPv6 costume.
        if (b.Take(12).All(x => x == 0)) return AddressVerdict.Ipv4Mapped;
        // 64:ff9b::/96 NAT64 and 2002::/16 6to4 embed an IPv4 address a gateway would reach for us.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return AddressVerdict.Ipv4Mapped;
        if (b[0] == 0x20 && b[1] == 0x02) return AddressVerdict.Ipv4Mapped;
        if (address.IsIPv6LinkLocal || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)) return AddressVerdict.LinkLocal;
        if (address.IsIPv6SiteLocal) return AddressVerdict.Private;
        if ((b[0] & 0xfe) == 0xfc) return AddressVerdict.Private; // fc00::/7 unique local
        if (address.IsIPv6Multicast) return AddressVerdict.Multicast;
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressVerdict.Reserved; // documentation
        if ((b[0] & 0xe0) != 0x20) return AddressVerdict.Reserved; // only 2000::/3 is global unicast
        return AddressVerdict.Allowed;
    }
}

namespace Silo.Hosting.Outbound;

/// <summary>Why an address may or may not be connected to by an outgoing request (media downloads, notification deliveries).</summary>
public enum AddressVerdict
{
    Allowed,
    Unspecified,
    Loopback,
    Private,
    LinkLocal,
    CarrierGradeNat,
    Metadata,
    Ipv4Mapped,
    Multicast,
    Reserved,
}

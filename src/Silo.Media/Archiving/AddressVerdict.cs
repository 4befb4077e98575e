namespace Silo.Media.Archiving;

/// <summary>Why an address may or may not be connected to by the media downloader.</summary>
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

namespace Silo.Hosting.Outbound;

/// <summary>Every address a host resolved to was refused by <see cref="AddressPolicy"/>; nothing was connected to.</summary>
public sealed class AddressRefusedException(string host, AddressVerdict verdict)
    : Exception($"Refused to connect to {host}: it resolves to {InWords(verdict)}.")
{
    public string Host { get; } = host;
    public AddressVerdict Verdict { get; } = verdict;

    /// <summary>The kind of address as a person reads it (the message reaches posts' errors and the API).</summary>
    public static string InWords(AddressVerdict verdict) => verdict switch
    {
        AddressVerdict.Unspecified => "the unspecified address (0.0.0.0 or ::)",
        AddressVerdict.Loopback => "a loopback address (this machine)",
        AddressVerdict.Private => "a private network address",
        AddressVerdict.LinkLocal => "a link-local address",
        AddressVerdict.CarrierGradeNat => "a carrier-grade NAT address",
        AddressVerdict.Metadata => "a cloud metadata service address",
        AddressVerdict.Ipv4Mapped => "an IPv6 address that embeds an IPv4 one (mapped, NAT64 or 6to4)",
        AddressVerdict.Multicast => "a multicast address",
        AddressVerdict.Reserved => "a reserved address",
        _ => "an address that is not on the public internet",
    };
}

namespace Silo.Media.Archiving;

/// <summary>Every address a host resolved to was refused by <see cref="AddressPolicy"/>; nothing was connected to.</summary>
public sealed class AddressRefusedException(string host, AddressVerdict verdict)
    : Exception($"Refused to connect to {host}: it resolves to a {verdict} address.")
{
    public string Host { get; } = host;
    public AddressVerdict Verdict { get; } = verdict;
}

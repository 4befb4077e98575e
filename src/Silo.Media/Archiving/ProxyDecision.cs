using System.Net;

namespace Silo.Media.Archiving;

/// <summary>
/// What the guarded proxy does with a target: connect to <see cref="Addresses"/> (the guard's allowed ones), or
/// answer <see cref="Status"/> (403 refused, 502 not resolvable) with <see cref="Reason"/> and connect to nothing.
/// </summary>
public sealed record ProxyDecision(IReadOnlyList<IPAddress> Addresses, int Status, string Reason)
{
    public bool Allowed => Addresses.Count > 0;

    public static ProxyDecision Allow(IReadOnlyList<IPAddress> addresses) => new(addresses, 200, "allowed");

    public static ProxyDecision Refuse(string reason) => new([], 403, reason);

    public static ProxyDecision Unresolved(string reason) => new([], 502, reason);
}

using Grpc.Core;
using Grpc.Net.Client;
using Silo.Testing;

namespace Silo.Gateway.Tests.Grpc;

/// <summary>What the gRPC tests share: a node's h2c listener setting, a channel to it, call options carrying a key.</summary>
internal static class GrpcCalls
{
    /// <summary>Settings giving a node an h2c listener on a free loopback port, and its address.</summary>
    public static Dictionary<string, string?> H2c(out Uri address, IDictionary<string, string?>? more = null)
    {
        address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
        {
            ["Silo:Gateway:Grpc:H2cUrl"] = address.ToString().TrimEnd('/'),
        };
        return settings;
    }

    /// <summary>A channel speaking HTTP/2 with prior knowledge to an h2c address (Grpc.Net.Client does so for http://).</summary>
    public static GrpcChannel Channel(Uri address) => GrpcChannel.ForAddress(address);

    /// <summary>A call sending <paramref name="key"/> as <c>authorization: Bearer</c> metadata (none when null), with a deadline.</summary>
    public static CallOptions With(string? key, CancellationToken cancellationToken) =>
        new(key is null ? null : new Metadata { { "authorization", $"Bearer {key}" } }, DateTime.UtcNow.AddSeconds(60), cancellationToken);
}

using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Silo.Hosting.Cluster;

/// <summary>
/// Mutual TLS on Orleans' connections: a silo's ports (silo-to-silo and gateway) and its own connections to other
/// silos, and a gateway node's connections to the silos' gateway ports. Each end presents the cluster certificate and
/// accepts only a peer presenting it (<see cref="ClusterCertificate.Matches"/>), so a node without it can neither
/// join, nor call in, nor pose as a silo.
/// </summary>
public static class ClusterTlsExtensions
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, X509Certificate2 certificate, ClusterTlsSettings settings) =>
        silo.UseTls(certificate, options => Configure(options, certificate, settings));

    public static IClientBuilder UseClusterTls(this IClientBuilder client, X509Certificate2 certificate, ClusterTlsSettings settings) =>
        client.UseTls(certificate, options => Configure(options, certificate, settings));

    private static void Configure(TlsOptions options, X509Certificate2 certificate, ClusterTlsSettings settings)
    {
        // Required both ways: as a server, a node demands the caller's certificate; as a client it always sends its own.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Replaces the platform's chain and name checks (a self-signed certificate, nodes reached by address) with the one that matters.
        options.RemoteCertificateValidation = (peer, _, _) => ClusterCertificate.Matches(certificate, peer);
        options.HandshakeTimeout = settings.HandshakeTimeout;
    }
}

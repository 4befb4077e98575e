using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Silo.Hosting.Cluster;

/// <summary>
/// The certificate every node of a cluster shares, read and checked at start-up, and the one rule its TLS connections
/// follow: a peer is accepted only when it presents this very certificate. The chain and the host name are not what
/// decides (the certificate is usually self-signed and nodes are reached by address); the handshake proves the peer
/// holds the certificate's private key, so a peer presenting it is a node the operator gave the key to.
/// </summary>
public static class ClusterCertificate
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string Section = ClusterSettings.Section + ":Tls";

    /// <exception cref="OptionsValidationException">The settings name no usable certificate; the message names the setting to fix.</exception>
    public static X509Certificate2 Load(ClusterTlsSettings settings, TimeProvider? time = null)
    {
        var path = settings.CertificatePath ?? throw Invalid(nameof(settings.CertificatePath), "is not set.");
        if (!File.Exists(path)) throw Invalid(nameof(settings.CertificatePath), $"the file '{path}' does not exist.");
        if (settings.KeyPath is { Length: > 0 } key && !File.Exists(key)) throw Invalid(nameof(settings.KeyPath), $"the file '{key}' does not exist.");

        X509Certificate2 certificate;
        try
        {
            certificate = settings.KeyPath is { Length: > 0 } pemKey
                ? string.IsNullOrEmpty(settings.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, pemKey)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, settings.CertificatePassword, pemKey)
                : X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
        }
        catch (CryptographicException e)
        {
            throw Invalid(nameof(settings.CertificatePath), settings.KeyPath is { Length: > 0 }
                ? $"'{path}' with the key '{settings.KeyPath}' could not be read as a PEM certificate and its private key ({e.Message})."
                : $"'{path}' could not be read as a PKCS#12 (.pfx) file with this CertificatePassword ({e.Message}); for PEM files set KeyPath too.");
        }
        try
        {
            Check(certificate, (time ?? TimeProvider.System).GetUtcNow());
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="peer"/> is the cluster's certificate itself (its DER bytes, compared whole).</summary>
    public static bool Matches(X509Certificate2 cluster, X509Certificate2? peer) =>
        peer is not null && peer.RawDataMemory.Span.SequenceEqual(cluster.RawDataMemory.Span);

    private static void Check(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (!certificate.HasPrivateKey)
            throw Invalid(nameof(ClusterTlsSettings.CertificatePath), $"the certificate {certificate.Subject} comes without its private key.");
        if (now < certificate.NotBefore || now > certificate.NotAfter)
            throw Invalid(nameof(ClusterTlsSettings.CertificatePath),
                $"the certificate {certificate.Subject} is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now.");
        // Every node is a TLS server (its ports) and a TLS client (to other silos), so a certificate limited to one use cannot serve.
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToList();
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any() && !(usages.Contains(ServerAuthentication) && usages.Contains(ClientAuthentication)))
            throw Invalid(nameof(ClusterTlsSettings.CertificatePath),
                $"the certificate {certificate.Subject} must allow both server and client authentication (extended key usages {ServerAuthentication} and {ClientAuthentication}).");
    }

    private static OptionsValidationException Invalid(string setting, string problem) =>
        new(Section, typeof(ClusterTlsSettings), [$"{Section}:{setting}: {problem}"]);
}

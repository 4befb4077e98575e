using System.ComponentModel.DataAnnotations;

namespace Silo.Hosting.Cluster;

/// <summary>
/// TLS on the silo and gateway ports (section <c>Silo:Cluster:Tls</c>), off until <see cref="CertificatePath"/> is set.
/// Every node of the cluster, silos and gateways alike, is given the same certificate with its private key; each end of
/// every connection presents it and accepts only a peer presenting it too (<see cref="ClusterCertificate"/>).
/// </summary>
public sealed class ClusterTlsSettings
{
    /// <summary>The cluster's certificate: a PKCS#12 file (.pfx) with its private key, or, with <see cref="KeyPath"/>, a PEM certificate. Default unset: no TLS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx's password, or the PEM key's when it is encrypted. A secret: never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>. Default unset (the certificate is a .pfx).</summary>
    public string? KeyPath { get; set; }

    /// <summary>Longest a TLS handshake may take before the connection is dropped. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")] public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrEmpty(CertificatePath);
}

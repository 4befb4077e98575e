using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Silo.Hosting.Tests.Cluster;

/// <summary>Self-signed certificates made in the test, as an operator would make a cluster's, written as .pfx or PEM files.</summary>
public static class TestCertificates
{
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 Create(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, params Oid[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var eku = new OidCollection();
        foreach (var usage in usages.Length > 0 ? usages : [ServerAuthentication, ClientAuthentication]) eku.Add(usage);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(eku, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
    }

    /// <summary>The certificate and its private key as a password-protected .pfx.</summary>
    public static string WritePfx(X509Certificate2 certificate, string folder, string password)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    /// <summary>The certificate alone, without its key, in a .pfx (what an operator exporting the wrong thing gets).</summary>
    public static string WritePfxWithoutKey(X509Certificate2 certificate, string folder)
    {
        using var bare = X509CertificateLoader.LoadCertificate(certificate.RawData);
        return WritePfx(bare, folder, "");
    }

    /// <summary>The certificate and its unencrypted PKCS#8 key as two PEM files.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(stem + ".crt", certificate.ExportCertificatePem());
        File.WriteAllText(stem + ".key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (stem + ".crt", stem + ".key");
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Silo.Hosting.Cluster;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Hosting.Tests.Cluster;

/// <summary>Silo:Cluster:Tls read and checked at start-up: a certificate that cannot serve stops the node, naming the setting to fix.</summary>
public sealed class ClusterCertificateTests : IAsyncDisposable
{
    private const string Password = "cluster-pfx-password";
    private readonly TempFolder _folder = new("silo-tls");

    public ValueTask DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public void Load_PfxWithItsPassword_TheCertificateWithItsKey()
    {
        using var made = TestCertificates.Create("silo-cluster");

        using var loaded = ClusterCertificate.Load(new ClusterTlsSettings { CertificatePath = TestCertificates.WritePfx(made, _folder.Path, Password), CertificatePassword = Password });

        Assert.True(loaded.HasPrivateKey);
        Assert.True(ClusterCertificate.Matches(made, loaded));
    }

    [Fact]
    public void Load_PemCertificateAndKey_TheCertificateWithItsKey()
    {
        using var made = TestCertificates.Create("silo-cluster");
        var (certificate, key) = TestCertificates.WritePem(made, _folder.Path);

        using var loaded = ClusterCertificate.Load(new ClusterTlsSettings { CertificatePath = certificate, KeyPath = key });

        Assert.True(loaded.HasPrivateKey);
        Assert.True(ClusterCertificate.Matches(made, loaded));
    }

    [Fact]
    public void Matches_AnotherCertificateWithTheSameName_False()
    {
        using var cluster = TestCertificates.Create("silo-cluster");
        using var impostor = TestCertificates.Create("silo-cluster");

        Assert.Equal((true, false, false), (ClusterCertificate.Matches(cluster, cluster), ClusterCertificate.Matches(cluster, impostor),
            ClusterCertificate.Matches(cluster, null)));
    }

    [Fact]
    public void Load_MissingFile_NamesTheSetting() =>
        AssertRefused(new ClusterTlsSettings { CertificatePath = Path.Combine(_folder.Path, "none.pfx") }, "Silo:Cluster:Tls:CertificatePath: the file");

    [Fact]
    public void Load_WrongPassword_NamesTheSetting()
    {
        using var made = TestCertificates.Create("silo-cluster");
        AssertRefused(new ClusterTlsSettings { CertificatePath = TestCertificates.WritePfx(made, _folder.Path, Password), CertificatePassword = "wrong" },
            "Silo:Cluster:Tls:CertificatePath: '");
    }

    [Fact]
    public void Load_CertificateWithoutItsKey_Refused()
    {
        using var made = TestCertificates.Create("silo-cluster");
        AssertRefused(new ClusterTlsSettings { CertificatePath = TestCertificates.WritePfxWithoutKey(made, _folder.Path) }, "comes without its private key");
    }

    [Fact]
    public void Load_ExpiredCertificate_Refused()
    {
        using var made = TestCertificates.Create("silo-cluster", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        AssertRefused(new ClusterTlsSettings { CertificatePath = TestCertificates.WritePfx(made, _folder.Path, Password), CertificatePassword = Password },
            "not now");
    }

    [Fact]
    public void Load_ServerOnlyCertificate_Refused()
    {
        using var made = TestCertificates.Create("silo-cluster", usages: TestCertificates.ServerAuthentication);
        AssertRefused(new ClusterTlsSettings { CertificatePath = TestCertificates.WritePfx(made, _folder.Path, Password), CertificatePassword = Password },
            "must allow both server and client authentication");
    }

    [Fact]
    public void Validate_KeyWithoutCertificate_NamesTheSetting()
    {
        var settings = new ClusterSettings { Tls = new ClusterTlsSettings { KeyPath = "/etc/silo/cluster.key" } };

        var error = Assert.Single(settings.Validate(new ValidationContext(settings)));

        Assert.Equal(["Tls:CertificatePath"], error.MemberNames);
    }

    [Fact]
    public async Task StartAsync_TlsCertificateMissing_NodeDoesNotStartAndSaysWhich()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestNode.StartAsync("Host=127.0.0.1;Database=unused", SiloRole.Silo,
            new Dictionary<string, string?> { ["Silo:Cluster:Tls:CertificatePath"] = Path.Combine(_folder.Path, "missing.pfx") }));

        Assert.Contains("Silo:Cluster:Tls:CertificatePath: the file", error.Message);
    }

    private static void AssertRefused(ClusterTlsSettings settings, string expected) =>
        Assert.Contains(expected, Assert.Throws<OptionsValidationException>(() => ClusterCertificate.Load(settings)).Message);
}

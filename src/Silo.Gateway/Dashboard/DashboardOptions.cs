using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Dashboard;

/// <summary>How Silo's pages refresh. Section <c>Silo:Dashboard</c>; every value has a working default.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Silo:Dashboard";

    /// <summary>How often the shared snapshot is rebuilt and pushed to every open dashboard. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")] public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether the cluster runs the Orleans Dashboard (its grain-call profiling on every silo, its pages under
    /// <c>/orleans</c>). Set it the same on every node. Default true. A node that serves the pages gzips their
    /// 17 MB of embedded assets when it starts and keeps both copies in memory; off, the node starts faster and smaller.
    /// </summary>
    public bool OrleansDashboard { get; set; } = true;

    /// <summary>
    /// Where the keys that protect sign-in sessions are kept. Gateways behind one load balancer must
    /// share it (a session signed by one is read by another), and it must outlive restarts or every
    /// browser signs in again. Default unset: ASP.NET Core's default (~/.aspnet/DataProtection-Keys,
    /// or memory only when there is no writable home).
    /// </summary>
    public string? SessionKeysDirectory { get; set; }

    /// <summary>
    /// A PKCS#12 (.pfx) file whose certificate seals the session keys at rest (every gateway needs it).
    /// Default unset: they are sealed with <see cref="SessionKeysSecret"/> instead.
    /// </summary>
    public string? SessionKeysCertificate { get; set; }

    /// <summary>The password of <see cref="SessionKeysCertificate"/>, if it has one.</summary>
    public string? SessionKeysCertificatePassword { get; set; }

    /// <summary>
    /// A secret (at least 32 characters) from which the key sealing the session keys at rest is
    /// derived; every gateway sharing <see cref="SessionKeysDirectory"/> needs the same one. Default
    /// unset: <c>SILO_ADMIN_KEY</c> is used, so changing that key signs every browser out. With neither
    /// (nor a certificate) the session keys are kept in memory only.
    /// </summary>
    [MinLength(32)] public string? SessionKeysSecret { get; set; }
}

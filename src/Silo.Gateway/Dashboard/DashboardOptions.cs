using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Dashboard;

/// <summary>How Silo's pages refresh. Section <c>Silo:Dashboard</c>; every value has a working default.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Silo:Dashboard";

    /// <summary>How often the shared snapshot is rebuilt and pushed to every open dashboard. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")] public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where the keys that protect sign-in sessions are kept. Gateways behind one load balancer must
    /// share it (a session signed by one is read by another), and it must outlive restarts or every
    /// browser signs in again. Default unset: ASP.NET Core's default (~/.aspnet/DataProtection-Keys,
    /// or memory only when there is no writable home).
    /// </summary>
    public string? SessionKeysDirectory { get; set; }
}

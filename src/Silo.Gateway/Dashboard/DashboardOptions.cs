using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Dashboard;

/// <summary>How the dashboard refreshes. Section <c>Silo:Dashboard</c>; every value has a working default.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Silo:Dashboard";

    /// <summary>How often the shared snapshot is rebuilt and pushed to every open dashboard. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")] public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Points kept for the over-time plots (at the refresh interval: 180 × 2 s = 6 minutes). Default 180.</summary>
    [Range(10, 10_000)] public int HistoryLength { get; set; } = 180;

    /// <summary>A node silent this long is shown dead (its leases are expiring). Default 30 s, the default lease.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(30);
}

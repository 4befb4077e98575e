using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// One section of the dashboard, fed by one small JSON document. Sections are read by the shared
/// snapshot loop (pushed to every open page of a tenant) and by <c>GET /api/dashboard/{name}</c>.
/// </summary>
internal interface IDashboardSection
{
    /// <summary>The section's name in the snapshot and in its route.</summary>
    string Name { get; }

    /// <summary>How stale the pushed copy may get: costly aggregates are not recomputed every tick.</summary>
    TimeSpan MaxAge { get; }

    /// <summary>
    /// The section as <paramref name="tenant"/> may see it: its own posts, batches, accounts and figures (and the cluster's
    /// alerts); every tenant's when it is null (a key of tenant <c>*</c>).
    /// </summary>
    Task<object> ReadAsync(NpgsqlConnection connection, string? tenant, CancellationToken cancellationToken);
}

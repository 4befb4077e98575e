using System.ComponentModel.DataAnnotations;

namespace Silo.Hosting.Database;

/// <summary>Settings of the node's own connections. Section <c>Silo:Database</c>.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Silo:Database";

    /// <summary>
    /// PostgreSQL ends a Silo connection left idle inside a transaction this long. Default 10 s: a node
    /// hung between a write and its commit (SIGSTOP, a frozen VM) keeps its socket open, and its row
    /// locks would stall the node that takes its grains over until it woke; ended at 10 s they are gone
    /// before Orleans declares the node dead (about 13 s with Silo's membership settings).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

using System.ComponentModel.DataAnnotations;

namespace Silo.Hosting.Database;

/// <summary>Settings of the node's own connections. Section <c>Silo:Database</c>.</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Silo:Database";

    /// <summary>PostgreSQL ends a Silo connection left idle inside a transaction this long. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

using System.ComponentModel.DataAnnotations;

namespace Silo.Runtime.Hosting;

/// <summary>How a node runs grains. Section <c>Silo:Runtime</c>; every value has a working default.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Silo:Runtime";

    /// <summary>Grains this node runs at once (each runs one turn at a time). Default 32.</summary>
    [Range(1, 1024)] public int MaxConcurrentTurns { get; set; } = 32;

    /// <summary>Longest an idle node waits before looking for work when no notification arrives. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a lease lasts without renewal: a killed node's grains run elsewhere after this. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Turns a grain runs under one lease before it yields to others. Default 100.</summary>
    [Range(1, 100_000)] public int MaxTurnsPerActivation { get; set; } = 100;

    /// <summary>Attempts a message or one-shot reminder gets before it is parked. Default 5.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay after a failed turn; doubles per attempt, with jitter. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ceiling of the retry delay. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")] public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a node reports it is alive. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")] public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On graceful shutdown, how long running turns may take to finish. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")] public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long processed message ids are kept to recognise duplicates (Meta redelivers for 36 h). Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")] public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>PostgreSQL ends a runtime connection left idle inside a transaction this long. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retry delay for a failed attempt (1-based): exponential with ±20% jitter, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var exponential = RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}

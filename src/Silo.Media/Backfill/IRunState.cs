namespace Silo.Media.Backfill;

/// <summary>What every steered run's state holds for <see cref="RunSteering"/>.</summary>
public interface IRunState
{
    bool Exists { get; }
    string Tenant { get; }
    /// <summary>One of <see cref="BackfillStatus"/>.</summary>
    string Status { get; set; }
    DateTimeOffset? FinishedAt { get; set; }
    int FailuresInRow { get; set; }
    /// <summary>A rest (a rate limit's, a failure's backoff): no step before it.</summary>
    DateTimeOffset? NotBefore { get; set; }
    /// <summary>The next write resolves the run's open alert.</summary>
    bool ResolveAlert { get; set; }
}

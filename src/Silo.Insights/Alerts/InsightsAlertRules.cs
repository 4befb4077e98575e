using System.Globalization;

namespace Silo.Insights.Alerts;

/// <summary>
/// Seed 004's recommended alerts not raised where the failure happens: a sync taking more than twice
/// its historical average, more than 10 rate-limit hits in an hour, errors on more than 5% of the
/// entities. (The fourth, a sync failing more than twice in a row, is raised by the entity grain.)
/// </summary>
public static class InsightsAlertRules
{
    public const string SlowSync = "sync_slow";
    public const string RateLimitHits = "rate_limit_hits";
    public const string EntitiesFailing = "entities_failing";

    public const double SlowSyncFactor = 2;
    public const int RateLimitHitsPerHour = 10;
    public const double FailingPercent = 5;

    /// <summary>Runs an average needs before a slow sync can be told from an ordinary one.</summary>
    public const int MinimumHistory = 3;

    public static readonly IReadOnlyList<string> Kinds = [SlowSync, RateLimitHits, EntitiesFailing];

    /// <summary>
    /// For each kind, the alert's message when the account is over the line, or null when it is not
    /// (an open alert of that kind is then resolved).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Judge(AccountHealth health, TimeSpan slowSyncMinimum)
    {
        var slow = health is { LastSyncSeconds: { } last, AverageSyncSeconds: { } average, HistoryRuns: >= MinimumHistory }
                   && last > SlowSyncFactor * average && last >= slowSyncMinimum.TotalSeconds
            ? Say($"The last scheduled sync of ad account {health.AccountId} took {last:0.#} s, more than {SlowSyncFactor:0} × its average of {average:0.#} s over the {health.HistoryRuns} runs before it.")
            : null;
        var hits = health.RateLimitHitsLastHour > RateLimitHitsPerHour
            ? Say($"Ad account {health.AccountId} hit Meta's rate limit {health.RateLimitHitsLastHour} times in the last hour (alert line: more than {RateLimitHitsPerHour}).")
            : null;
        var failing = health.FailingPercent is { } percent && percent > FailingPercent
            ? Say($"{health.FailingEntities} of the {health.ActiveEntities} active entities of ad account {health.AccountId} ({percent:0.#}%) failed their last refresh (alert line: more than {FailingPercent:0}%).")
            : null;
        return new Dictionary<string, string?> { [SlowSync] = slow, [RateLimitHits] = hits, [EntitiesFailing] = failing };
    }

    private static string Say(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}

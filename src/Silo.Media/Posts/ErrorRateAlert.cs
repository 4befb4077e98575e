using Silo.Media.Archiving;

namespace Silo.Media.Posts;

/// <summary>
/// What a post's archive attempts ask of the cluster-wide error-rate alert (seed 000: more than 20% of the
/// attempts in the window failed). A write holding a failed attempt raises it when the window's rate is over
/// the threshold; one holding only successes resolves it once the rate is back at or under it. The rate counts
/// every node's attempts, so the database computes it inside the attempt's own write (<see cref="AlertSql"/>).
/// </summary>
public sealed record ErrorRateAlert(bool MayRaise, TimeSpan Window, double Threshold, int MinimumAttempts)
{
    /// <summary>The check for a write whose attempts include a failure (<paramref name="anyFailed"/>) or are all successes.</summary>
    public static ErrorRateAlert After(bool anyFailed, MediaOptions options) =>
        new(anyFailed, options.ErrorRateWindow, options.ErrorRateThreshold, options.ErrorRateMinimumAttempts);
}

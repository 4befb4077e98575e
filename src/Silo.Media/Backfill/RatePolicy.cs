using Silo.Hosting.Meta;

namespace Silo.Media.Backfill;

/// <summary>
/// What a walk does about Meta's rate limits and failures, decided from a page's usage headers or a
/// refusal's error code. Pure, so it is tested without a Graph API.
/// </summary>
public static class RatePolicy
{
    /// <summary>Meta's rate-limit codes: 4 (app), 17 (user), 32 (page), 613 (call rate), 80001 and up (business use case).</summary>
    public static bool IsRateLimit(GraphApiException e) => e.Code is 4 or 17 or 32 or 613 || e.Code is >= 80001 and <= 80014;

    /// <summary>The token is expired, revoked or no longer allowed (190, 102): no retry helps until a person renews it.</summary>
    public static bool IsTokenRefused(GraphApiException e) => e.Code is 190 or 102;

    /// <summary>Worth another try later: a server error, or Meta's "unknown" / "service" errors (1, 2).</summary>
    public static bool IsTransient(GraphApiException e) => e.Status >= 500 || e.Code is 1 or 2;

    /// <summary>
    /// The pause after a page read at <paramref name="usage"/>: none below <see cref="BackfillOptions.SlowDownAbovePercent"/>,
    /// then from <see cref="BackfillOptions.SlowDownDelay"/> growing to four times it, and from
    /// <see cref="BackfillOptions.StopAbovePercent"/> a rest of Meta's estimate or <see cref="BackfillOptions.CoolDown"/>.
    /// </summary>
    public static TimeSpan PauseAfter(GraphUsage usage, BackfillOptions options)
    {
        var percent = usage.Percent;
        if (percent >= options.StopAbovePercent) return usage.RegainAfter is { } regain && regain > options.CoolDown ? regain : options.CoolDown;
        if (percent < options.SlowDownAbovePercent) return TimeSpan.Zero;
        var span = Math.Max(options.StopAbovePercent - options.SlowDownAbovePercent, 1);
        return options.SlowDownDelay * (1 + 3.0 * (percent - options.SlowDownAbovePercent) / span);
    }

    /// <summary>The rest after the <paramref name="inRow"/>-th rate-limit refusal in a row (1 for the first).</summary>
    public static TimeSpan RestAfterRefusal(GraphUsage? usage, int inRow, BackfillOptions options)
    {
        var doubled = options.CoolDown * Math.Pow(2, Math.Min(inRow - 1, 16));
        var rest = doubled > options.MaxCoolDown ? options.MaxCoolDown : doubled;
        return usage?.RegainAfter is { } regain && regain > rest ? regain : rest;
    }

    /// <summary>The wait after the <paramref name="inRow"/>-th transient failure in a row.</summary>
    public static TimeSpan RetryAfter(int inRow, BackfillOptions options)
    {
        var wait = options.RetryDelay * Math.Pow(2, Math.Min(inRow - 1, 10));
        return wait > options.MaxCoolDown ? options.MaxCoolDown : wait;
    }
}

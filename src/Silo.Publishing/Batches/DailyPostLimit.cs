namespace Silo.Publishing.Batches;

/// <summary>
/// An account's posts in any 24 hours, as Instagram counts its content publishing limit (a moving 24-hour window per
/// account, Stories included): the busiest window a new batch's clips fall in, counted with what the account already
/// has published or scheduled.
/// </summary>
public static class DailyPostLimit
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The busiest 24 hours holding any of <paramref name="added"/>: its end, and its posts already there and added.</summary>
    public sealed record Busiest(DateTimeOffset WindowEnd, int Existing, int Added)
    {
        public int Total => Existing + Added;
    }

    /// <summary>The busiest window (a window ends at each post's time: counts only change there); null when nothing is added.</summary>
    public static Busiest? BusiestWindow(IReadOnlyList<DateTimeOffset> existing, IReadOnlyList<DateTimeOffset> added)
    {
        Busiest? busiest = null;
        foreach (var end in existing.Concat(added))
        {
            var start = end - Window;
            var adding = added.Count(t => t > start && t <= end);
            if (adding == 0) continue;
            var window = new Busiest(end, existing.Count(t => t > start && t <= end), adding);
            if (busiest is null || window.Total > busiest.Total) busiest = window;
        }
        return busiest;
    }
}

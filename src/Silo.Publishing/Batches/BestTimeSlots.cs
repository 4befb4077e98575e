using Silo.Publishing.Metricool;

namespace Silo.Publishing.Batches;

/// <summary>Turns Metricool's best times (score per weekday and hour) into one upcoming slot per clip.</summary>
public static class BestTimeSlots
{
    /// <summary>
    /// The <paramref name="count"/> best-scored whole hours of the coming week (ties go to the earlier
    /// hour), in chronological order, so clip N still goes out before clip N+1.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Pick(IReadOnlyList<BestTimes> times, DateTimeOffset now, int count)
    {
        var scores = new Dictionary<(int Day, int Hour), double>();
        foreach (var day in times)
            foreach (var hour in day.BestTimesByHour)
                scores[(day.DayOfWeek, hour.HourOfDay)] = hour.Value;

        var first = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(now.UtcDateTime.Hour + 1);
        var hours = Math.Max(7 * 24, count);
        return Enumerable.Range(0, hours)
            .Select(i => first.AddHours(i))
            .Select(at => (At: at, Score: scores.GetValueOrDefault((IsoDay(at), at.Hour))))
            .OrderByDescending(s => s.Score).ThenBy(s => s.At)
            .Take(count)
            .Select(s => s.At)
            .Order()
            .ToList();
    }

    /// <summary>Metricool numbers weekdays 1 (Monday) to 7 (Sunday).</summary>
    private static int IsoDay(DateTimeOffset at) => at.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)at.DayOfWeek;
}

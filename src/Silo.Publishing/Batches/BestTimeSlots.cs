using Silo.Publishing.Metricool;

namespace Silo.Publishing.Batches;

/// <summary>Turns Metricool's best times (score per weekday and hour) into one upcoming slot per clip.</summary>
public static class BestTimeSlots
{
    /// <summary>
    /// The <paramref name="count"/> best-scored whole hours of the coming week (ties go to the earlier
    /// hour), in chronological order, so clip N still goes out before clip N+1. Weekdays and hours are the brand's
    /// (<paramref name="brandZone"/>, in which Metricool gave the scores): 20:00 is the brand's evening, a day boundary
    /// its midnight, and a week crossing a daylight-saving change keeps each slot on the brand's clock. Returned in UTC.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Pick(IReadOnlyList<BestTimes> times, DateTimeOffset now, int count, TimeZoneInfo brandZone)
    {
        var scores = new Dictionary<(int Day, int Hour), double>();
        foreach (var day in times)
            foreach (var hour in day.BestTimesByHour)
                scores[(day.DayOfWeek, hour.HourOfDay)] = hour.Value;

        var local = TimeZoneInfo.ConvertTime(now, brandZone).DateTime;
        var first = local.Date.AddHours(local.Hour + 1);
        var hours = Math.Max(7 * 24, count);
        return Enumerable.Range(0, hours + 2) // two spare hours for a skipped spring-forward hour
            .Select(i => first.AddHours(i))
            .Where(wall => !brandZone.IsInvalidTime(wall))
            .Select(wall => (At: new DateTimeOffset(wall, Offset(brandZone, wall)).ToUniversalTime(), Score: scores.GetValueOrDefault((IsoDay(wall), wall.Hour))))
            .DistinctBy(s => s.At)
            .Take(hours)
            .OrderByDescending(s => s.Score).ThenBy(s => s.At)
            .Take(count)
            .Select(s => s.At)
            .Order()
            .ToList();
    }

    /// <summary>The brand's offset at a wall-clock time; an hour that happens twice (autumn) is taken the first time.</summary>
    private static TimeSpan Offset(TimeZoneInfo zone, DateTime wall) =>
        zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);

    /// <summary>Metricool numbers weekdays 1 (Monday) to 7 (Sunday).</summary>
    private static int IsoDay(DateTime at) => at.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)at.DayOfWeek;
}

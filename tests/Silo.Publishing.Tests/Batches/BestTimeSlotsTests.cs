using Silo.Publishing.Batches;
using Silo.Publishing.Metricool;

namespace Silo.Publishing.Tests.Batches;

public sealed class BestTimeSlotsTests
{
    [Fact]
    public void Pick_ScoresFavourSomeHours_BestHoursInChronologicalOrder()
    {
        // Wednesday 2026-01-14 10:20 UTC. Best: Wednesday 09:00 (9, already past today: next week's) > Thursday 09:00 (4)
        // > Wednesday 20:00 (3) > Friday 08:00 (2).
        var now = new DateTimeOffset(2026, 1, 14, 10, 20, 0, TimeSpan.Zero);
        var times = new List<BestTimes>
        {
            new(3, [new BestTimeByHour(20, 3), new BestTimeByHour(9, 9)]),
            new(4, [new BestTimeByHour(9, 4)]),
            new(5, [new BestTimeByHour(8, 2)]),
        };

        var slots = BestTimeSlots.Pick(times, now, 3, TimeZoneInfo.Utc);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 1, 14, 20, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 21, 9, 0, 0, TimeSpan.Zero),
        ], slots);
    }

    [Fact]
    public void Pick_NoScores_NextWholeHoursInOrder()
    {
        var now = new DateTimeOffset(2026, 1, 14, 10, 20, 0, TimeSpan.Zero);

        var slots = BestTimeSlots.Pick([], now, 2, TimeZoneInfo.Utc);

        Assert.Equal([now.AddMinutes(40), now.AddMinutes(100)], slots);
    }

    [Fact]
    public void Pick_BrandInMadridAcrossTheSpringChange_SlotsOnTheBrandsClock()
    {
        // Saturday 2026-03-28 22:30 UTC is 23:30 in Madrid (UTC+1); at 02:00 on Sunday the clocks go to 03:00 (UTC+2).
        var madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
        var now = new DateTimeOffset(2026, 3, 28, 22, 30, 0, TimeSpan.Zero);
        // Best: Sunday 09:00 and Monday 20:00 on the brand's clock; Sunday 02:00 does not exist that week.
        var times = new List<BestTimes>
        {
            new(7, [new BestTimeByHour(9, 8), new BestTimeByHour(2, 9)]),
            new(1, [new BestTimeByHour(20, 7)]),
        };

        var slots = BestTimeSlots.Pick(times, now, 2, madrid);

        Assert.Equal(
        [
            new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero),  // Sunday 09:00 CEST
            new DateTimeOffset(2026, 3, 30, 18, 0, 0, TimeSpan.Zero), // Monday 20:00 CEST
        ], slots);
    }
}

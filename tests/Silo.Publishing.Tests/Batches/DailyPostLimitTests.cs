using Silo.Publishing.Batches;

namespace Silo.Publishing.Tests.Batches;

public sealed class DailyPostLimitTests
{
    private static readonly DateTimeOffset Noon = new(2026, 5, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BusiestWindow_AddedNearEarlierPosts_CountsThoseWithin24Hours()
    {
        // Yesterday 11:00 is outside the 24 hours up to noon; yesterday 13:00 and this morning are inside.
        DateTimeOffset[] existing = [Noon.AddHours(-25), Noon.AddHours(-23), Noon.AddHours(-2)];

        var busiest = DailyPostLimit.BusiestWindow(existing, [Noon, Noon.AddMinutes(1)]);

        Assert.Equal(new DailyPostLimit.Busiest(Noon.AddMinutes(1), Existing: 2, Added: 2), busiest);
    }

    [Fact]
    public void BusiestWindow_LaterPostsScheduled_WindowAfterTheAddedOnesCounted()
    {
        // The added post at noon shares a window with the two scheduled tomorrow morning, not with the one 30 hours on.
        DateTimeOffset[] existing = [Noon.AddHours(20), Noon.AddHours(21), Noon.AddHours(30)];

        var busiest = DailyPostLimit.BusiestWindow(existing, [Noon]);

        Assert.Equal(new DailyPostLimit.Busiest(Noon.AddHours(21), Existing: 2, Added: 1), busiest);
    }

    [Fact]
    public void BusiestWindow_NothingAdded_Null() => Assert.Null(DailyPostLimit.BusiestWindow([Noon], []));
}

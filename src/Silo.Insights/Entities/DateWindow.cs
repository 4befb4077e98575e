namespace Silo.Insights.Entities;

/// <summary>An inclusive range of days, as Meta's <c>time_range</c> reads it.</summary>
public sealed record DateWindow(DateOnly Since, DateOnly Until)
{
    /// <summary>The last <paramref name="days"/> days up to and including today (UTC).</summary>
    public static DateWindow LastDays(int days, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new DateWindow(today.AddDays(1 - days), today);
    }

    public IEnumerable<DateOnly> Days()
    {
        for (var day = Since; day <= Until; day = day.AddDays(1)) yield return day;
    }
}

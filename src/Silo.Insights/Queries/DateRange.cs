namespace Silo.Insights.Queries;

/// <summary>An inclusive range of days in a response.</summary>
public sealed record DateRange(DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;

    /// <summary>The range of equal length just before this one.</summary>
    public DateRange Previous() => new(Start.AddDays(-Days), Start.AddDays(-1));

    public static DateRange LastDays(int days, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new DateRange(today.AddDays(1 - days), today);
    }
}

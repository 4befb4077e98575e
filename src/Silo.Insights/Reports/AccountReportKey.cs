using System.Globalization;
using Silo.Insights.Entities;

namespace Silo.Insights.Reports;

/// <summary>
/// One account report: the account, the level, the days and the sync run it serves
/// (<c>act_1|ad|2026-10-31|2026-11-27|{run}</c>). Every entity of the run at that level asks the same grain.
/// </summary>
public sealed record AccountReportKey(string AccountId, string Level, DateWindow Window, Guid SyncId)
{
    public override string ToString() =>
        string.Join('|', AccountId, Level, Window.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Window.Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), SyncId.ToString("N"));

    public static AccountReportKey Parse(string key)
    {
        var parts = key.Split('|');
        if (parts.Length != 5) throw new FormatException($"'{key}' is not an account report key.");
        return new AccountReportKey(parts[0], parts[1],
            new DateWindow(DateOnly.ParseExact(parts[2], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact(parts[3], "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Guid.ParseExact(parts[4], "N"));
    }
}

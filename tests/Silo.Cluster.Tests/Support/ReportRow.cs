namespace Silo.Cluster.Tests.Support;

/// <summary>One line of the fault suite's table: a count or a time, and the bound it must meet (none for context rows).</summary>
public sealed record ReportRow(string Measure, double Value, double? Limit = null, string? Note = null)
{
    public bool Passed => Limit is not { } limit || Value <= limit;

    public string Shown => Value % 1 == 0 ? Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
        : Value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}

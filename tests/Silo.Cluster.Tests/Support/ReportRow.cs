namespace Silo.Cluster.Tests.Support;

/// <summary>
/// One line of the fault suite's table: a count or a time, and the bound it must meet: at most
/// <see cref="Limit"/> (what was lost or how slow), at least <see cref="Minimum"/> (proof a fault was
/// really served); neither for context rows.
/// </summary>
public sealed record ReportRow(string Measure, double Value, double? Limit = null, string? Note = null, double? Minimum = null)
{
    /// <summary>A row for an injected fault: it passes only if the fault was served at least once.</summary>
    public static ReportRow Served(string measure, double value, string? note = null) => new(measure, value, Note: note, Minimum: 1);

    public bool Bounded => Limit is not null || Minimum is not null;

    public bool Passed => (Limit is not { } limit || Value <= limit) && (Minimum is not { } minimum || Value >= minimum);

    public string Shown => Value % 1 == 0 ? Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture)
        : Value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}

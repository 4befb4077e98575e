using Npgsql;

namespace Silo.Hosting.Storage;

/// <summary>
/// Reads the current result set's columns by name (each ordinal looked up once per result set), so a
/// reader does not break when a query's column list changes order.
/// </summary>
public sealed class ColumnReader(NpgsqlDataReader reader)
{
    private readonly Dictionary<string, int> ordinals =
        Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, StringComparer.Ordinal);

    /// <summary>The column's value; null (or the default) when the column is null.</summary>
    public T Get<T>(string column)
    {
        var ordinal = ordinals.TryGetValue(column, out var found)
            ? found
            : throw new ArgumentException($"The result set has no column '{column}'.", nameof(column));
        return reader.IsDBNull(ordinal) ? default! : reader.GetFieldValue<T>(ordinal);
    }
}

using Npgsql;

namespace Silo.Gateway.Dashboard.Sections;

/// <summary>
/// Which of a module's tables exist and which columns they have. Module sections are written
/// against the tables their issues describe, but each module lands on its own schedule: a section
/// whose tables are absent says "not available yet", and a figure whose column is absent is left
/// out rather than failing the whole section.
/// </summary>
internal sealed class TableShape
{
    private readonly Dictionary<string, HashSet<string>> _columns;

    private TableShape(Dictionary<string, HashSet<string>> columns) => _columns = columns;

    public static async Task<TableShape> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        // to_regclass resolves through the search path exactly as the module's own queries will.
        const string sql = """
            select t.name, a.attname
              from unnest(@tables) as t(name)
              join pg_attribute a on a.attrelid = to_regclass(t.name) and a.attnum > 0 and not a.attisdropped
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tables", tables.ToArray());
        var columns = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!columns.TryGetValue(reader.GetString(0), out var set))
                columns[reader.GetString(0)] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(reader.GetString(1));
        }
        return new TableShape(columns);
    }

    public bool Has(string table) => _columns.ContainsKey(table);

    public IEnumerable<string> Missing(IEnumerable<string> tables) => tables.Where(t => !Has(t));

    /// <summary>The first of <paramref name="candidates"/> that <paramref name="table"/> has, quoted; null when none.</summary>
    public string? Column(string table, params string[] candidates) =>
        _columns.TryGetValue(table, out var set) ? candidates.Where(set.Contains).Select(c => $"\"{c}\"").FirstOrDefault() : null;
}

using System.Text;

namespace Silo.Cluster.Tests.Support;

/// <summary>Renders the report as a plain-text table (also written to artifacts/fault-suite.txt).</summary>
public static class FaultTable
{
    public static string Render(IReadOnlyList<ReportRow> rows, IEnumerable<string> timeline, IEnumerable<string> explanations)
    {
        var width = rows.Max(r => r.Measure.Length);
        var text = new StringBuilder();
        text.AppendLine($"| {"measure".PadRight(width)} | {"value",8} | {"limit",6} | ok |");
        text.AppendLine($"| {new string('-', width)} | {new string('-', 8)} | {new string('-', 6)} | -- |");
        foreach (var row in rows)
        {
            var limit = row.Limit is { } l ? (l % 1 == 0 ? $"≤ {l:0}" : $"≤ {l:0.0}")
                : row.Minimum is { } m ? (m % 1 == 0 ? $"≥ {m:0}" : $"≥ {m:0.0}") : "";
            var ok = !row.Bounded ? "" : row.Passed ? "ok" : "NO";
            text.AppendLine($"| {row.Measure.PadRight(width)} | {row.Shown,8} | {limit,6} | {ok,-2} |{(row.Note is null ? "" : " " + row.Note)}");
        }
        text.AppendLine();
        text.AppendLine("Timeline (seconds since the load started):");
        foreach (var line in timeline) text.AppendLine("  " + line);
        var explained = explanations.ToList();
        if (explained.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Details:");
            foreach (var line in explained) text.AppendLine("  " + line);
        }
        return text.ToString();
    }

    /// <summary>The repository's artifacts folder (found by walking up to Silo.sln), created if missing.</summary>
    public static string ArtifactsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Silo.sln")))
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts")).FullName;
        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
    }
}

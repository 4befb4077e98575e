using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Silo.Dashboard.Tests.Support;

/// <summary>
/// A strict reader of Prometheus' text exposition format 0.0.4, checking its rules line by line:
/// HELP/TYPE comments name valid metrics, TYPE comes at most once per family and before its samples,
/// a family's samples are contiguous, label names are valid and unique, label values are properly
/// escaped, values are floats (or ±Inf, NaN), an optional timestamp is an integer, and the text
/// ends with a newline. Any breach throws <see cref="FormatException"/> naming the line.
/// </summary>
public static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string? Type, string? Help, List<Sample> Samples);

    /// <summary>
    /// The scrape without Orleans' samples (its HELP and TYPE lines stay). Orleans' meter is static,
    /// so in a test process, where many silos run, every silo that ever started leaves its own
    /// observable instruments behind and the same series appears once per silo. A process runs one
    /// silo in production: MetricsProcessTests checks a real one's whole scrape strictly.
    /// </summary>
    public static string WithoutOrleansSamples(string text) =>
        string.Concat(text.Split('\n')[..^1].Where(l => !l.StartsWith("orleans_", StringComparison.Ordinal)).Select(l => l + "\n"));

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n')) throw new FormatException("The exposition must end with a line feed.");
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n')[..^1])
        {
            lineNumber++;
            if (line.Contains('\r')) throw Error(lineNumber, "carriage return");
            if (line.Trim().Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[0] == "#" && parts[1] is "HELP" or "TYPE")
                {
                    var name = parts[2];
                    if (!MetricName().IsMatch(name)) throw Error(lineNumber, $"invalid metric name '{name}'");
                    var family = Enter(families, closed, ref current, name, lineNumber);
                    if (parts[1] == "TYPE")
                    {
                        if (family.Type is not null) throw Error(lineNumber, $"second TYPE for {name}");
                        if (family.Samples.Count > 0) throw Error(lineNumber, $"TYPE for {name} after its samples");
                        var type = parts.Length == 4 ? parts[3] : "";
                        if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                            throw Error(lineNumber, $"unknown type '{type}'");
                        families[name] = family with { Type = type };
                    }
                    else
                    {
                        if (family.Help is not null) throw Error(lineNumber, $"second HELP for {name}");
                        var help = parts.Length == 4 ? parts[3] : "";
                        CheckEscapes(help, lineNumber, allowQuote: false);
                        families[name] = family with { Help = help };
                    }
                }
                continue;
            }
            var sample = ParseSample(line, lineNumber);
            var owner = FamilyOf(sample.Name, families);
            var f = Enter(families, closed, ref current, owner, lineNumber);
            if (f.Type == "counter" && !(sample.Value >= 0 || double.IsNaN(sample.Value)))
                throw Error(lineNumber, "a counter cannot be negative");
            if (f.Samples.Any(s => s.Name == sample.Name && s.Labels.Count == sample.Labels.Count && !s.Labels.Except(sample.Labels).Any()))
                throw Error(lineNumber, $"duplicate sample {line}");
            f.Samples.Add(sample);
        }
        return families;
    }

    private static Family Enter(Dictionary<string, Family> families, HashSet<string> closed, ref string? current, string name, int lineNumber)
    {
        if (current != name)
        {
            if (closed.Contains(name)) throw Error(lineNumber, $"family {name} is interleaved with another");
            if (current is not null) closed.Add(current);
            current = name;
        }
        if (!families.TryGetValue(name, out var family))
            families[name] = family = new Family(name, null, null, []);
        return family;
    }

    private static string FamilyOf(string sampleName, Dictionary<string, Family> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(sampleName[..^suffix.Length], out var f) &&
                f.Type is "histogram" or "summary")
                return f.Name;
        return sampleName;
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' ')) i++;
        var name = line[..i];
        if (!MetricName().IsMatch(name)) throw Error(lineNumber, $"invalid metric name '{name}'");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}') { i++; break; }
                var start = i;
                while (i < line.Length && line[i] != '=') i++;
                var label = line[start..i];
                if (!LabelName().IsMatch(label)) throw Error(lineNumber, $"invalid label name '{label}'");
                if (i + 1 >= line.Length || line[i + 1] != '"') throw Error(lineNumber, "label value must be quoted");
                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length) throw Error(lineNumber, "unterminated label value");
                    var c = line[i++];
                    if (c == '"') break;
                    if (c == '\\')
                    {
                        if (i >= line.Length) throw Error(lineNumber, "dangling backslash");
                        var e = line[i++];
                        value.Append(e switch { '\\' => '\\', '"' => '"', 'n' => '\n', _ => throw Error(lineNumber, $"bad escape \\{e}") });
                    }
                    else value.Append(c);
                }
                if (!labels.TryAdd(label, value.ToString())) throw Error(lineNumber, $"label {label} repeated");
                if (i < line.Length && line[i] == ',') i++;
                else if (i < line.Length && line[i] == '}') { i++; break; }
                else throw Error(lineNumber, "expected , or } after a label");
            }
        }
        if (i >= line.Length || line[i] != ' ') throw Error(lineNumber, "expected a space before the value");
        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2) throw Error(lineNumber, "expected a value and an optional timestamp");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            var v => throw Error(lineNumber, $"'{v}' is not a float"),
        };
        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw Error(lineNumber, "timestamp must be an integer");
        return new Sample(name, labels, number);
    }

    private static void CheckEscapes(string text, int lineNumber, bool allowQuote)
    {
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\\' && (i + 1 >= text.Length || text[i + 1] is not ('\\' or 'n') && !(allowQuote && text[i + 1] == '"')))
                throw Error(lineNumber, "bad escape in HELP");
            else if (text[i] == '\\') i++;
    }

    private static FormatException Error(int line, string what) => new($"Line {line}: {what}.");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}

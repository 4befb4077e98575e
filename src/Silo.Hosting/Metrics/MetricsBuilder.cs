using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Silo.Hosting.Metrics;

/// <summary>
/// Collects samples for one scrape and writes them in Prometheus' text exposition format (0.0.4):
/// one <c># HELP</c> and <c># TYPE</c> per family, then its samples, families never interleaved,
/// label values escaped. Names are checked here so a module's typo fails its own test, not a scrape.
/// </summary>
public sealed partial class MetricsBuilder
{
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly List<Family> _order = [];

    /// <summary>A monotonically increasing count; by convention its name ends in <c>_total</c>.</summary>
    public void Counter(string name, string help, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (!name.EndsWith("_total", StringComparison.Ordinal))
            throw new ArgumentException($"Counter '{name}' must end in _total.", nameof(name));
        Add(name, help, "counter", value, labels);
    }

    /// <summary>A value that goes up and down (a count of rows now, a queue length).</summary>
    public void Gauge(string name, string help, double value, params ReadOnlySpan<(string Name, string Value)> labels) =>
        Add(name, help, "gauge", value, labels);

    /// <summary>Declares a family with no samples yet, so its HELP and TYPE still appear (a counter nobody has hit).</summary>
    public void Declare(string name, string help, string type)
    {
        if (type is not ("counter" or "gauge"))
            throw new ArgumentException($"Unsupported metric type '{type}'.", nameof(type));
        GetFamily(name, help, type);
    }

    private void Add(string name, string help, string type, double value, ReadOnlySpan<(string Name, string Value)> labels)
    {
        var family = GetFamily(name, help, type);
        var sample = new StringBuilder(name);
        if (labels.Length > 0)
        {
            sample.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                var (label, text) = labels[i];
                if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
                    throw new ArgumentException($"'{label}' is not a valid label name.", nameof(labels));
                if (i > 0) sample.Append(',');
                sample.Append(label).Append("=\"").Append(Escape(text)).Append('"');
            }
            sample.Append('}');
        }
        var key = sample.ToString();
        if (!family.Keys.Add(key))
            throw new InvalidOperationException($"Sample {key} was added twice in one scrape.");
        family.Lines.Add($"{key} {Format(value)}");
    }

    private Family GetFamily(string name, string help, string type)
    {
        if (!MetricName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a valid metric name.", nameof(name));
        if (_families.TryGetValue(name, out var family))
        {
            if (family.Type != type)
                throw new InvalidOperationException($"Metric '{name}' is already a {family.Type}.");
            return family;
        }
        family = new Family(name, help, type);
        _families.Add(name, family);
        _order.Add(family);
        return family;
    }

    /// <summary>The scrape's text, ending in a newline as the format requires.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var family in _order)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var line in family.Lines) text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\").Replace("\n", "\\n");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    private sealed class Family(string name, string help, string type)
    {
        public string Name { get; } = name;
        public string Help { get; } = help;
        public string Type { get; } = type;
        public List<string> Lines { get; } = [];
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}

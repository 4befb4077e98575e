using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Silo.Gateway.Grpc;
using Silo.Hosting.Cluster;
using Silo.Insights.Hosting;
using Silo.Media.Archiving;
using Silo.Publishing.Batches;

namespace Silo.Gateway.Tests.Hosting;

/// <summary>
/// Whether a configuration key (<c>Silo:Media:Storage:Bucket</c>, or its environment form <c>Silo__Media__Storage__Bucket</c>)
/// is one the product binds: a <c>Silo:</c> key must name a property of the options type whose <c>Section</c> it starts with
/// (through nested objects, dictionaries and lists); any other key must be the host's own or a name the product's source reads.
/// </summary>
internal static partial class SettingKeys
{
    private static readonly string[] HostKeys = ["ConnectionStrings:Silo", "Urls"];

    private static readonly Dictionary<string, Type> Sections =
        new[] { typeof(ClusterSettings), typeof(GrpcOptions), typeof(MediaOptions), typeof(PublishingOptions), typeof(InsightsOptions) }
            .Select(t => t.Assembly).Distinct().SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true })
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<string> Source = new(() => string.Join('\n',
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)));

    /// <summary>Null when the product binds <paramref name="key"/>, else why not.</summary>
    public static string? Problem(string key)
    {
        key = key.Replace("__", ":", StringComparison.Ordinal);
        if (HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase)) return null;
        if (!key.StartsWith("Silo:", StringComparison.OrdinalIgnoreCase))
            return Source.Value.Contains($"\"{key}\"", StringComparison.Ordinal) ? null : $"{key}: no source file under src/ reads it";
        var section = Sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
        if (section is null) return $"{key}: no options type binds a section it starts with";
        var type = Sections[section];
        var rest = key[(section.Length + 1)..].Split(':');
        for (var i = 0; i < rest.Length; i++)
        {
            if (IsScalar(type)) return $"{key}: {rest[i - 1]} is a value, not a section";
            if (DictionaryValue(type) is { } value) { type = value; continue; }
            if (ListItem(type) is { } item)
            {
                if (!int.TryParse(rest[i], out _)) return $"{key}: {rest[i]} is not an index of a list";
                type = item;
                continue;
            }
            var property = type.GetProperty(rest[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return $"{key}: {type.Name} has no property {rest[i]}";
            type = property.PropertyType;
        }
        return IsScalar(type) ? null : $"{key}: names a section ({type.Name}), not a value";
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime);
    }

    private static Type? DictionaryValue(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(Dictionary<,>) || d == typeof(IDictionary<,>)
            || d == typeof(IReadOnlyDictionary<,>)) ? type.GetGenericArguments()[1] : null;

    private static Type? ListItem(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var item] && type != typeof(string)
            ? item : null;

    /// <summary>Every <c>Silo__…</c> environment name in <paramref name="text"/> (comments included: they are instructions too).</summary>
    public static IEnumerable<string> EnvironmentNamesIn(string text) => SiloEnvironmentName().Matches(text).Select(m => m.Value).Distinct();

    [GeneratedRegex(@"\bSilo__[A-Za-z0-9_]+[A-Za-z0-9]")]
    private static partial Regex SiloEnvironmentName();
}

/// <summary>The repository's root folder (found by walking up to Silo.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Silo.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Silo.sln not found above the test's folder");
    }
}

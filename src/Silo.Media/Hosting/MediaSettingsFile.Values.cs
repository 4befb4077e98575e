using System.Globalization;
using System.Text.Json;
using Silo.Media.Archiving;

namespace Silo.Media.Hosting;

/// <summary>How each kind of key's value is checked and written as settings.</summary>
public static partial class MediaSettingsFile
{
    private static void Map(string path, string name, JsonElement value, Setting setting, Dictionary<string, string?> settings)
    {
        if (ValuesOf(value, setting) is not { } values)
            throw Invalid(path, $"'{name}' must be {Expected(setting)}, not {value.GetRawText()}" + (setting.Why is null ? "" : $" ({setting.Why})"));
        if (setting.Target is null) return;
        foreach (var (suffix, text) in values) settings[setting.Target + suffix] = text;
    }

    /// <summary>The settings a value makes, by suffix of the key's target; null when the value is not of the key's kind.</summary>
    private static List<(string Suffix, string? Value)>? ValuesOf(JsonElement value, Setting setting)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var number = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : (int?)null;
        return setting.Kind switch
        {
            Kind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => [("", value.GetBoolean() ? "true" : "false")],
            Kind.YouTubeMode when text is "embed" or "download" => [("", text)],
            Kind.Languages when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && IsLanguages(value) => Languages(value, ""),
            // An empty list turns subtitles off; a list turns them on in those languages.
            Kind.SubtitleList when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0 => [(":DownloadSubtitles", "false")],
            Kind.SubtitleList when value.ValueKind == JsonValueKind.Array && IsLanguages(value) =>
                [(":DownloadSubtitles", "true"), .. Languages(value, ":SubtitleLanguages")],
            Kind.Fixed when (setting.Value == "true" ? value.ValueKind == JsonValueKind.True : text == setting.Value) => [],
            Kind.Format when text == setting.Value => [("", text)],
            Kind.YtDlpFormat when text is not null && MediaPolicyOptions.YtDlpFormat().IsMatch(text) => [("", text)],
            Kind.Seconds when number is int seconds && seconds >= 0 => [("", TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture))],
            // Seed 003's retries follow a first try: three retries are four tries in a row.
            Kind.Retries when number is int retries && retries is >= 0 and < int.MaxValue => [("", (retries + 1).ToString(CultureInfo.InvariantCulture))],
            Kind.Count when number is int count && count > 0 => [("", count.ToString(CultureInfo.InvariantCulture))],
            Kind.Text when text is { Length: > 0 } => [("", text)],
            _ => null,
        };
    }

    private static bool IsLanguages(JsonElement list) =>
        list.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String && Language().IsMatch(l.GetString()!));

    private static List<(string, string?)> Languages(JsonElement list, string suffix) =>
        [.. list.EnumerateArray().Select((l, i) => ($"{suffix}:{i.ToString(CultureInfo.InvariantCulture)}", l.GetString()))];

    private static string Expected(Setting setting) => setting.Kind switch
    {
        Kind.Boolean => "true or false",
        Kind.YouTubeMode => "\"embed\" or \"download\"",
        Kind.Languages => "a non-empty list of language codes such as [\"en\", \"es\"]",
        Kind.SubtitleList => "a list of language codes such as [\"en\", \"es\"] ([] for none)",
        Kind.Fixed => setting.Value == "true" ? "true" : $"\"{setting.Value}\"",
        Kind.Format => $"\"{setting.Value}\" (the only format Silo converts to here; leave the key out to keep files as served)",
        Kind.YtDlpFormat => "a yt-dlp format such as \"best\" or \"bestvideo+bestaudio\"",
        Kind.Seconds => "a whole number of seconds",
        Kind.Retries => "a whole number of retries, 0 or more",
        Kind.Count => "a whole number above 0",
        _ => "a non-empty string",
    };
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;

namespace Silo.Media.Hosting;

/// <summary>
/// Reads seed 003's <c>config/settings.json</c> (<c>patreon.download_images</c>, <c>youtube.mode</c>,
/// <c>deduplication.enabled</c>…, at the root or under <c>media</c> as the seed writes it) into
/// <c>Silo:Media:Policy:*</c> keys. Strict: a key it does not know or a value of the wrong kind stops
/// start-up with the file, the key and what was expected, rather than being ignored.
/// </summary>
public static partial class MediaSettingsFile
{
    /// <summary>The setting that names the file (relative paths from the working directory).</summary>
    public const string PathSetting = "Silo:Media:SettingsFile";

    private const string Policy = MediaPolicyOptions.Section;

    private static readonly Dictionary<string, (string Key, Kind Kind)> Keys = new(StringComparer.Ordinal)
    {
        ["patreon.download_images"] = ($"{Policy}:Patreon:DownloadImages", Kind.Boolean),
        ["patreon.download_videos"] = ($"{Policy}:Patreon:DownloadVideos", Kind.Boolean),
        ["patreon.download_audios"] = ($"{Policy}:Patreon:DownloadAudios", Kind.Boolean),
        ["youtube.mode"] = ($"{Policy}:YouTube:Mode", Kind.YouTubeMode),
        ["youtube.download_subtitles"] = ($"{Policy}:YouTube:DownloadSubtitles", Kind.Boolean),
        ["youtube.subtitle_languages"] = ($"{Policy}:YouTube:SubtitleLanguages", Kind.Languages),
        ["deduplication.enabled"] = ($"{Policy}:Deduplication:Enabled", Kind.Boolean),
    };

    private enum Kind { Boolean, YouTubeMode, Languages }

    /// <summary>The <c>Silo:Media:Policy:*</c> settings the file holds.</summary>
    /// <exception cref="OptionsValidationException">The file is missing, is not JSON, or has an unknown key or a bad value; the message names it.</exception>
    public static Dictionary<string, string?> Read(string path)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        JsonDocument json;
        try { json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw Invalid(path, e is JsonException ? $"is not valid JSON ({e.Message})" : $"cannot be read ({e.Message})");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid(path, "must hold a JSON object");
            // Seed 003 nests the settings under "media"; a file holding only them is read the same way.
            var prefix = "";
            if (root.TryGetProperty("media", out var media))
            {
                if (root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != "media") is { } other)
                    throw Invalid(path, $"unknown key '{other}' (only 'media' may sit at the root beside the settings)");
                (root, prefix) = (media, "media.");
            }
            if (root.ValueKind != JsonValueKind.Object) throw Invalid(path, $"'{prefix.TrimEnd('.')}' must be an object");
            foreach (var section in root.EnumerateObject())
            {
                if (section.Value.ValueKind != JsonValueKind.Object || !Keys.Keys.Any(k => k.StartsWith(section.Name + ".", StringComparison.Ordinal)))
                    throw Invalid(path, $"unknown key '{prefix}{section.Name}' (known: {string.Join(", ", Keys.Keys)})");
                foreach (var entry in section.Value.EnumerateObject())
                {
                    var name = $"{section.Name}.{entry.Name}";
                    if (!Keys.TryGetValue(name, out var target))
                        throw Invalid(path, $"unknown key '{prefix}{name}' (known: {string.Join(", ", Keys.Keys)})");
                    Map(path, prefix + name, entry.Value, target.Key, target.Kind, settings);
                }
            }
        }
        return settings;
    }

    private static void Map(string path, string name, JsonElement value, string key, Kind kind, Dictionary<string, string?> settings)
    {
        switch (kind)
        {
            case Kind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                settings[key] = value.GetBoolean() ? "true" : "false";
                return;
            case Kind.YouTubeMode when value.ValueKind == JsonValueKind.String && value.GetString() is "embed" or "download":
                settings[key] = value.GetString();
                return;
            case Kind.Languages when value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
                && value.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String && Language().IsMatch(l.GetString()!)):
                var i = 0;
                foreach (var language in value.EnumerateArray()) settings[$"{key}:{i++.ToString(CultureInfo.InvariantCulture)}"] = language.GetString();
                return;
        }
        var expected = kind switch
        {
            Kind.Boolean => "true or false",
            Kind.YouTubeMode => "\"embed\" or \"download\"",
            _ => "a non-empty list of language codes such as [\"en\", \"es\"]",
        };
        throw Invalid(path, $"'{name}' must be {expected}, not {value.GetRawText()}");
    }

    private static OptionsValidationException Invalid(string path, string problem) =>
        new(PathSetting, typeof(MediaPolicyOptions), [$"{PathSetting} ({path}): {problem}."]);

    /// <summary>A subtitle language as yt-dlp takes it: <c>en</c>, <c>es</c>, <c>pt-BR</c>.</summary>
    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    internal static partial Regex Language();
}

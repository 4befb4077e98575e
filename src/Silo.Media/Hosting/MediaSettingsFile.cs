using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;

namespace Silo.Media.Hosting;

/// <summary>
/// Reads seed 003's <c>config/settings.json</c> into Silo's settings, in either of the two shapes the seed writes: the
/// first (<c>patreon.download_images</c>, <c>youtube.mode</c>, <c>deduplication.enabled</c>) and the second, told by its
/// own keys (<c>images.download</c>, <c>patreon.videos.format</c>, <c>youtube.download_settings</c>, <c>celery</c>,
/// <c>scraping</c>…); the media keys at the root or under <c>media</c> as the seed writes them. Strict: a key its shape
/// does not know or a value of the wrong kind stops start-up with the file, the key's path and what was expected.
/// </summary>
public static partial class MediaSettingsFile
{
    /// <summary>The setting that names the file (relative paths from the working directory).</summary>
    public const string PathSetting = "Silo:Media:SettingsFile";

    /// <summary>The settings the file holds (<c>Silo:Media:Policy:*</c>, and <c>Silo:Media:Patreon:*</c> from the second shape).</summary>
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
            var wrapped = root.TryGetProperty("media", out var media);
            if (wrapped && media.ValueKind != JsonValueKind.Object) throw Invalid(path, "'media' must be an object");
            var shape = Detect(root, wrapped ? media : root, wrapped ? "media." : "");
            if (!wrapped)
            {
                Walk(path, root, "", "", shape, shape.Keys, settings);
                return settings;
            }
            // Beside "media" sit only the shape's own sections (the second shape's celery and scraping).
            var besideMedia = shape.Keys.Where(k => k.Value.BesideMedia).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
            var inMedia = shape.Keys.Where(k => !k.Value.BesideMedia).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
            foreach (var section in root.EnumerateObject().Where(p => p.Name != "media"))
                Walk(path, section, "", "", shape, besideMedia, settings);
            Walk(path, media, "media.", "", shape, inMedia, settings);
        }
        return settings;
    }

    /// <summary>The second shape when any of its own keys is there, else the first.</summary>
    private static Shape Detect(JsonElement root, JsonElement media, string mediaPrefix)
    {
        foreach (var marker in SecondShapeMarkers)
        {
            var (element, shown) = marker is "celery" or "scraping" ? (root, marker) : (media, mediaPrefix + marker);
            if (Has(element, marker)) return SecondShape with { Recognised = shown };
        }
        return FirstShape;
    }

    private static bool Has(JsonElement element, string dottedPath)
    {
        foreach (var name in dottedPath.Split('.'))
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return false;
        return true;
    }

    private static void Walk(string path, JsonElement section, string prefix, string relative, Shape shape, IReadOnlyDictionary<string, Setting> keys,
        Dictionary<string, string?> settings)
    {
        foreach (var entry in section.EnumerateObject()) Walk(path, entry, prefix, relative, shape, keys, settings);
    }

    private static void Walk(string path, JsonProperty entry, string prefix, string relative, Shape shape, IReadOnlyDictionary<string, Setting> keys,
        Dictionary<string, string?> settings)
    {
        var name = relative.Length == 0 ? entry.Name : $"{relative}.{entry.Name}";
        if (keys.TryGetValue(name, out var setting)) Map(path, prefix + name, entry.Value, setting, settings);
        else if (entry.Value.ValueKind == JsonValueKind.Object && keys.Keys.Any(k => k.StartsWith(name + ".", StringComparison.Ordinal)))
            Walk(path, entry.Value, prefix, name, shape, keys, settings);
        else throw Invalid(path, $"unknown key '{prefix}{name}' ({shape.Describe()})");
    }

    private static OptionsValidationException Invalid(string path, string problem) =>
        new(PathSetting, typeof(MediaPolicyOptions), [$"{PathSetting} ({path}): {problem}."]);

    /// <summary>A subtitle language as yt-dlp takes it: <c>en</c>, <c>es</c>, <c>pt-BR</c>.</summary>
    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    internal static partial Regex Language();
}

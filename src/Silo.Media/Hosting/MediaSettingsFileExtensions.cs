using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace Silo.Media.Hosting;

/// <summary>Adds seed 003's settings file, when <c>Silo:Media:SettingsFile</c> names one, to a node's configuration.</summary>
public static class MediaSettingsFileExtensions
{
    /// <summary>
    /// The file's values sit just above appsettings*.json and below everything added after them
    /// (environment variables, command-line arguments, a test's settings), so one setting can still be
    /// overridden for one node without editing the shared file.
    /// </summary>
    public static IConfigurationManager AddMediaSettingsFile(this IConfigurationManager configuration)
    {
        if (configuration[MediaSettingsFile.PathSetting] is not { Length: > 0 } path) return configuration;
        var source = new MemoryConfigurationSource { InitialData = MediaSettingsFile.Read(Path.GetFullPath(path)) };
        var lastJson = configuration.Sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i;
        configuration.Sources.Insert(configuration.Sources.Any(s => s is JsonConfigurationSource) ? lastJson + 1 : 0, source);
        return configuration;
    }
}

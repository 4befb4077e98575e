namespace Silo.Benchmarks.Running;

/// <summary>Runtime settings a run overrides; anything not given keeps the runtime's default.</summary>
internal static class Settings
{
    public static Dictionary<string, string?> Runtime(int? maxConcurrentTurns)
    {
        var settings = new Dictionary<string, string?>();
        if (maxConcurrentTurns is { } turns) settings["Silo:Runtime:MaxConcurrentTurns"] = turns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }
}

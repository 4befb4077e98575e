using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Silo.Hosting.Hosting;

/// <summary>
/// The environment names the seeds' deployments already set (<c>META_APP_SECRET</c>, <c>INSIGHTS_SYNC_INTERVAL_MINUTES</c>, …),
/// each mapped onto one Silo setting, so a <c>.env</c> written for a seed keeps working. One rule for all of them: a
/// value under the Silo section wins; else the first seed name given for that setting; a seed value that does not
/// parse stops start-up naming the seed name, which is what the person must fix.
/// </summary>
public sealed class SeedNames<TOptions>(IConfiguration configuration, string section) where TOptions : class
{
    private readonly List<(string Name, string Setting, Action<TOptions, string> Apply)> names = [];

    /// <summary>Maps <paramref name="name"/> onto the setting <c>{section}:{setting}</c>, set by <paramref name="apply"/>.</summary>
    public SeedNames<TOptions> Map(string name, string setting, Action<TOptions, string> apply)
    {
        names.Add((name, setting, apply));
        return this;
    }

    internal void Apply(TOptions options)
    {
        var settled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, setting, apply) in names)
        {
            if (settled.Contains(setting) || configuration[$"{section}:{setting}"] is not null) continue;
            var value = configuration[name];
            if (string.IsNullOrWhiteSpace(value)) continue;
            settled.Add(setting);
            try
            {
                apply(options, value.Trim());
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                throw new OptionsValidationException(name, typeof(TOptions),
                    [$"{name}: '{value}' is not a valid value for {section}:{setting}."]);
            }
        }
    }
}

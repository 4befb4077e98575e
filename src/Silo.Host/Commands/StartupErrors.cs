using Microsoft.Extensions.Options;

namespace Silo.Host.Commands;

/// <summary>Turns a configuration mistake into one clear line naming the setting, and exit code 2.</summary>
internal static class StartupErrors
{
    public const int ConfigurationError = 2;

    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await Console.Error.WriteLineAsync($"silo: invalid configuration: {message}");
            return ConfigurationError;
        }
    }

    private static string? Describe(Exception e) => e switch
    {
        OptionsValidationException o => string.Join("; ", o.Failures),
        AggregateException a when a.InnerExceptions.All(i => Describe(i) is not null) => string.Join("; ", a.InnerExceptions.Select(Describe)),
        InvalidOperationException i when i.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => i.Message,
        _ when e.InnerException is { } inner => Describe(inner),
        _ => null,
    };
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Silo.Hosting.Hosting;

/// <summary>
/// Validates an options type's data annotations and names each bad setting by its configuration
/// path (<c>Silo:Cluster:ProbeTimeout</c>), which is what a person must fix.
/// </summary>
public sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
{
    // RangeAttribute converts its string bounds (TimeSpan ranges) lazily on first use, and that setup
    // is not thread-safe: nodes starting in parallel in one process (tests, benchmarks) raced on it
    // and failed with "Unable to cast TimeSpan to String". Validation runs once per start-up, so a
    // process-wide lock costs nothing.
    private static readonly Lock Gate = new();

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        bool valid;
        lock (Gate) valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (valid)
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}

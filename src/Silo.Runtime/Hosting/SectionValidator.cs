using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Silo.Runtime.Hosting;

/// <summary>
/// Validates an options type's data annotations and names each bad setting by its configuration
/// path (<c>Silo:Runtime:LeaseDuration</c>), which is what a person must fix.
/// </summary>
public sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}

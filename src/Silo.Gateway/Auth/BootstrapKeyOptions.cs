using System.ComponentModel.DataAnnotations;

namespace Silo.Gateway.Auth;

/// <summary>The bootstrap admin key, from the environment variable <c>SILO_ADMIN_KEY</c> (unset: no bootstrap key).</summary>
public sealed class BootstrapKeyOptions
{
    public const string Variable = "SILO_ADMIN_KEY";

    /// <summary>Fewest characters an admin key may have: it opens every tenant, and a short one falls to guessing.</summary>
    public const int MinimumLength = 24;

    /// <summary>The key, trimmed. Never logged: the validation message names the variable and the length only.</summary>
    public string? AdminKey { get; set; }

    internal sealed class Validator : Microsoft.Extensions.Options.IValidateOptions<BootstrapKeyOptions>
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, BootstrapKeyOptions options) =>
            options.AdminKey is { Length: > 0 and < MinimumLength } key
                ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                    $"{Variable}: must be at least {MinimumLength} characters (it has {key.Length}); make one with `openssl rand -hex 24`.")
                : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
    }
}

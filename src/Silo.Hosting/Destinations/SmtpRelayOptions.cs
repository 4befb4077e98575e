using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Silo.Hosting.Destinations;

/// <summary>
/// The operator's SMTP relay that email destinations are sent through. Section <c>Silo:Notifications:Smtp</c>; without a
/// <see cref="Host"/> there is no relay, and email destinations cannot be created.
/// </summary>
public sealed class SmtpRelayOptions : IValidatableObject
{
    public const string Section = DestinationOptions.Section + ":Smtp";

    /// <summary>The relay's host name or address. Empty (the default): email is off.</summary>
    public string? Host { get; set; }

    /// <summary>The relay's port. Default 587 (submission with STARTTLS).</summary>
    [Range(1, 65535)] public int Port { get; set; } = 587;

    /// <summary>How the connection is protected. Default <see cref="SmtpSecurity.StartTls"/>: a relay without STARTTLS is refused.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name Silo authenticates with; empty: no authentication (a relay that trusts the network).</summary>
    public string? Username { get; set; }

    /// <summary>The password for <see cref="Username"/>. Only ever read from configuration, never shown or logged.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Silo &lt;silo@example.com&gt;</c>; required with a <see cref="Host"/>.</summary>
    public string? From { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@'))
            yield return new ValidationResult("is required with a Host: the sender's address, e.g. 'Silo <silo@example.com>'.", [nameof(From)]);
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Username and Password go together.", [nameof(Password)]);
    }
}

using MimeKit;

namespace Silo.Hosting.Destinations;

/// <summary>
/// An email destination's recipients, kept in its URL column as one <c>mailto:</c> URI (RFC 6068: addresses separated by
/// commas), so every destination still has one address string and the store needs no second column.
/// </summary>
public static class EmailAddresses
{
    public const int Max = 10;

    /// <summary>The <c>mailto:</c> URI of <paramref name="addresses"/>, or why they cannot be used (a sentence for the API).</summary>
    public static (string? MailTo, string? Refusal) ToMailTo(IReadOnlyList<string>? addresses)
    {
        var list = addresses?.Select(a => a?.Trim() ?? "").Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? [];
        if (list.Length == 0) return (null, "name at least one email address.");
        if (list.Length > Max) return (null, $"at most {Max} addresses.");
        var bad = list.Where(a => !IsAddress(a)).ToArray();
        if (bad.Length > 0) return (null, $"not a plain email address (name@domain): {string.Join(", ", bad)}.");
        return ("mailto:" + string.Join(",", list), null);
    }

    /// <summary>The recipients of a <c>mailto:</c> URI written by <see cref="ToMailTo"/>.</summary>
    public static IReadOnlyList<MailboxAddress> Recipients(string mailTo) =>
        [.. mailTo["mailto:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => new MailboxAddress("", a))];

    // A bare addr-spec only: a display name, a group or a second address inside one entry would change who is written to.
    private static bool IsAddress(string text) =>
        text.Length <= 254 && !text.Any(c => char.IsWhiteSpace(c) || c is ',' or ';' or '<' or '>' or '"') &&
        text.IndexOf('@') is var at and > 0 && at < text.Length - 1 && text.IndexOf('@', at + 1) < 0 &&
        MailboxAddress.TryParse(text, out var parsed) && parsed.Address == text && string.IsNullOrEmpty(parsed.Name);
}

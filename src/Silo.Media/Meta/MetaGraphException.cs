using System.Text.Json;

namespace Silo.Media.Meta;

/// <summary>The Graph API answered with an error (Meta's <c>{"error":{…}}</c> body, trimmed).</summary>
public sealed class MetaGraphException(int status, string body) : Exception($"Graph API answered {status}: {body}")
{
    public int Status { get; } = status;

    /// <summary>Meta's <c>error.code</c> (4, 17, 32, 613: rate limits; 190: token expired or revoked), when the body had one.</summary>
    public int? Code { get; } = ErrorField(body, "code");

    /// <summary>Meta's <c>error.error_subcode</c> (463: token expired, 460: password changed, 458: app removed…).</summary>
    public int? Subcode { get; } = ErrorField(body, "error_subcode");

    /// <summary>Meta's <c>error.message</c>, when the body had one.</summary>
    public string? GraphMessage { get; } = ErrorText(body);

    /// <summary>The usage headers that came with the error.</summary>
    public GraphUsage? Usage { get; init; }

    private static int? ErrorField(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty(name, out var value)
                && value.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var m)
                && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

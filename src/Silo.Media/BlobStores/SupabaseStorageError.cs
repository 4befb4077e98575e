using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Silo.Media.BlobStores;

/// <summary>
/// A refusal from Supabase Storage, as <c>{ "statusCode": "404", "code": "NoSuchKey", "error": "not_found", "message": … }</c>.
/// Storage answers most refusals with HTTP 400 and puts the real status in the body's <c>statusCode</c> (a string), so
/// <see cref="Status"/> is the body's status when it has one and the HTTP status otherwise (a gateway's own answer).
/// </summary>
internal sealed record SupabaseStorageError(int Status, string? Code, string Message)
{
    // An error body is a few hundred bytes; a proxy's HTML page is cut here.
    private const int MaxBodyChars = 4096;

    public bool IsNotFound => Status == (int)HttpStatusCode.NotFound;

    public bool IsAlreadyThere => Status == (int)HttpStatusCode.Conflict;

    public override string ToString() => Code is null ? $"{Status}: {Message}" : $"{Status} {Code}: {Message}";

    public static async Task<SupabaseStorageError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string text;
        try
        {
            text = await ReadStartAsync(response, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new SupabaseStorageError(status, null, $"{response.ReasonPhrase} (the answer could not be read: {e.Message})");
        }
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new SupabaseStorageError(status, null, Shorten(text));
            var bodyStatus = root.TryGetProperty("statusCode", out var s) ? StatusOf(s) : null;
            // The newer "code" names the condition (NoSuchKey); the older "error" does too where "code" is absent.
            var code = Text(root, "code") ?? Text(root, "error");
            var message = Text(root, "message") ?? Text(root, "error") ?? response.ReasonPhrase ?? "no message";
            return new SupabaseStorageError(bodyStatus ?? status, code, message);
        }
        catch (JsonException)
        {
            return new SupabaseStorageError(status, null, text.Length == 0 ? response.ReasonPhrase ?? "no message" : Shorten(text));
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }

    private static int? StatusOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }
}

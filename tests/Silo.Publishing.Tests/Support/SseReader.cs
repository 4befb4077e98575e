using System.Text.Json;

namespace Silo.Publishing.Tests.Support;

/// <summary>One Server-Sent Event as received.</summary>
public sealed record SseEvent(long Id, string Type, JsonElement Data)
{
    public string Status => Data.GetProperty("status").GetString()!;
    public int? ClipIndex => Data.GetProperty("clipIndex").ValueKind == JsonValueKind.Number ? Data.GetProperty("clipIndex").GetInt32() : null;
}

/// <summary>Reads an SSE response line by line, as a browser's EventSource would.</summary>
public static class SseReader
{
    /// <summary>Reads events until the server ends the stream or <paramref name="stopAfter"/> says to stop.</summary>
    public static async Task<List<SseEvent>> ReadAsync(HttpResponseMessage response, Func<SseEvent, bool>? stopAfter = null,
        CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        long? id = null;
        string? type = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    var e = new SseEvent(id ?? 0, type ?? "message", JsonDocument.Parse(data).RootElement.Clone());
                    events.Add(e);
                    if (stopAfter?.Invoke(e) == true) return events;
                }
                id = null; type = null; data = null;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..]);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
        return events;
    }
}

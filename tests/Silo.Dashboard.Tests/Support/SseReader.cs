namespace Silo.Dashboard.Tests.Support;

/// <summary>Reads Server-Sent Events from a real HTTP response, one event at a time.</summary>
public sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return new SseReader(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>The next event, or a <see cref="TimeoutException"/> when none arrives within <paramref name="deadline"/>.</summary>
    public async Task<(string? Event, string Data)> NextAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            return await NextAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No Server-Sent Event arrived within {deadline.TotalSeconds:0} s.");
        }
    }

    public async Task<(string? Event, string Data)> NextAsync(CancellationToken cancellationToken)
    {
        string? name = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0) return (name, string.Join('\n', data));
                continue;
            }
            if (line.StartsWith("event:", StringComparison.Ordinal)) name = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Add(line[5..].TrimStart());
        }
        throw new EndOfStreamException("The stream ended before an event arrived.");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}

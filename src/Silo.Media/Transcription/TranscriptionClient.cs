using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Silo.Media.Transcription;

/// <summary>
/// A real HTTP client of an OpenAI-compatible <c>POST {BaseUrl}/audio/transcriptions</c>: a multipart form with the
/// file, <c>model</c>, <c>language</c> (left out for <c>auto</c>) and <c>response_format</c>, the key as a bearer token.
/// </summary>
public sealed class TranscriptionClient(HttpClient http, IOptions<TranscriptionOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="TranscriptionException">The API refused the file, failed, or did not answer.</exception>
    public async Task<TranscriptionResult> TranscribeAsync(string path, string fileName, string contentType, CancellationToken cancellationToken)
    {
        var o = options.Value;
        await using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent();
        var body = new StreamContent(file);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(body, "file", fileName);
        form.Add(new StringContent(o.Model), "model");
        if (o.Language != "auto") form.Add(new StringContent(o.Language), "language");
        form.Add(new StringContent(o.ResponseFormat), "response_format");
        using var request = new HttpRequestMessage(HttpMethod.Post, o.BaseUrl.TrimEnd('/') + "/audio/transcriptions") { Content = form };
        if (!string.IsNullOrEmpty(o.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiKey);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(o.RequestTimeout);
        HttpResponseMessage response;
        string answer;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            answer = await response.Content.ReadAsStringAsync(limit.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TranscriptionException(false, "timeout", $"The transcription API did not answer within {o.RequestTimeout}.", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new TranscriptionException(false, "no_answer", $"The transcription API could not be reached: {e.Message}", inner: e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw Refusal(response, answer);
            try { return Parse(o.ResponseFormat, answer); }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                // A 200 that is not a transcript: the server is misbehaving, not the file; retried like a 5xx.
                throw new TranscriptionException(false, "bad_answer", $"The transcription API's answer is not {o.ResponseFormat}: {e.Message}", inner: e);
            }
        }
    }

    private static TranscriptionResult Parse(string format, string answer)
    {
        switch (format)
        {
            case "text":
                return new TranscriptionResult(answer.Trim(), [], null);
            case "vtt":
                var cues = TranscriptVtt.Read(answer) ?? throw new InvalidOperationException("it does not start with WEBVTT");
                return new TranscriptionResult(string.Join(' ', cues.Select(c => c.Text.Trim())), cues, null);
        }
        using var json = JsonDocument.Parse(answer);
        var root = json.RootElement;
        var text = root.GetProperty("text").GetString() ?? throw new InvalidOperationException("text is null");
        var language = root.TryGetProperty("language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
        var timed = new List<TranscriptCue>();
        if (format == "verbose_json" && root.TryGetProperty("segments", out var segments) && segments.ValueKind == JsonValueKind.Array)
            foreach (var s in segments.EnumerateArray())
                timed.Add(new TranscriptCue(s.GetProperty("start").GetDouble(), s.GetProperty("end").GetDouble(), s.GetProperty("text").GetString() ?? ""));
        return new TranscriptionResult(text.Trim(), timed, language);
    }

    private static TranscriptionException Refusal(HttpResponseMessage response, string answer)
    {
        var status = (int)response.StatusCode;
        var message = ErrorMessage(answer);
        var what = $"The transcription API answered {status} {response.ReasonPhrase}{(message is null ? "" : $": {message}")}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
            return new TranscriptionException(false, $"http_{status}", what, response.Headers.RetryAfter);
        return new TranscriptionException(true, $"http_{status}", what + " (not retried: the same file would be refused again).");
    }

    /// <summary>OpenAI's error shape: <c>{"error": {"message": …, "type": …}}</c>; a short plain body otherwise.</summary>
    private static string? ErrorMessage(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) return m.GetString();
        }
        catch (JsonException) { }
        var plain = answer.Trim();
        return plain.Length == 0 ? null : plain.Length > 300 ? plain[..300] : plain;
    }
}

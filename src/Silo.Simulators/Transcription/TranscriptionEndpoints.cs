using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Silo.Simulators.Transcription;

/// <summary>Mounts a <see cref="TranscriptionSimulator"/>: <c>POST {prefix}/v1/audio/transcriptions</c> and its fault switches.</summary>
public static class TranscriptionEndpoints
{
    private static readonly HashSet<string> Formats = ["flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"];
    private static readonly HashSet<string> ResponseFormats = ["json", "text", "verbose_json", "vtt", "srt"];

    public static IEndpointRouteBuilder MapTranscriptionSimulator(this WebApplication app, string prefix, TranscriptionSimulator simulator)
    {
        var group = app.MapGroup("/" + prefix.Trim('/'));
        group.MapPost("/v1/audio/transcriptions", (HttpContext context) => TranscribeAsync(context, simulator)).DisableAntiforgery();
        group.MapPost("/_faults", (TranscriptionFaults faults) => { simulator.Faults.CopyFrom(faults); return Results.Ok(simulator.Faults); });
        group.MapDelete("/_faults", () => { simulator.Faults.Reset(); return Results.NoContent(); });
        return app;
    }

    private static async Task TranscribeAsync(HttpContext context, TranscriptionSimulator simulator)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var authorization = request.Headers.Authorization.ToString();
        if (simulator.Faults.LatencyMs > 0) await Task.Delay(simulator.Faults.LatencyMs, cancellationToken);

        if (request.ContentLength > simulator.MaxRequestBytes)
        {
            simulator.Record(new(null, null, request.ContentLength.Value, null, null, null, null, authorization, 413));
            await ErrorAsync(context, 413, $"Maximum content size limit ({simulator.MaxRequestBytes}) exceeded ({request.ContentLength} bytes read)", "server_error");
            return;
        }
        if (simulator.ApiKey is { } key && authorization != $"Bearer {key}")
        {
            simulator.Record(new(null, null, 0, null, null, null, null, authorization, 401));
            await ErrorAsync(context, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
            return;
        }

        var form = await ReadFormAsync(request, simulator.MaxRequestBytes, cancellationToken);
        var upload = new TranscriptionUpload(form.FileName, form.FileContentType, form.FileSize, form.Sha256,
            form.Fields.GetValueOrDefault("model"), form.Fields.GetValueOrDefault("language"), form.Fields.GetValueOrDefault("response_format"), authorization, 200);
        if (form.TooLarge)
        {
            simulator.Record(upload with { Status = 413 });
            await ErrorAsync(context, 413, $"Maximum content size limit ({simulator.MaxRequestBytes}) exceeded", "server_error");
            return;
        }
        var refusal = form switch
        {
            { NotMultipart: true } => "Expected a multipart/form-data body.",
            { FileName: null } => "You must provide a file.",
            _ when upload.Model is not { Length: > 0 } => "you must provide a model parameter",
            _ when !Formats.Contains(Path.GetExtension(form.FileName).TrimStart('.').ToLowerInvariant()) =>
                $"Invalid file format. Supported formats: [{string.Join(", ", Formats.Order().Select(f => $"'{f}'"))}]",
            _ when upload.ResponseFormat is { } f && !ResponseFormats.Contains(f) => $"'{f}' is not one of {string.Join(", ", ResponseFormats)} - 'response_format'",
            _ => null,
        };
        if (refusal is not null)
        {
            simulator.Record(upload with { Status = 400 });
            await ErrorAsync(context, 400, refusal, "invalid_request_error");
            return;
        }
        if (simulator.Faults.TakeFailure())
        {
            var status = simulator.Faults.FailStatus;
            simulator.Record(upload with { Status = status });
            if (simulator.Faults.RetryAfterSeconds > 0 && status is 429 or 503)
                context.Response.Headers.RetryAfter = simulator.Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            var (message, type) = status switch
            {
                429 => ("Rate limit reached for requests. Please try again later.", "requests"),
                >= 500 => ("The server had an error while processing your request. Sorry about that!", "server_error"),
                _ => ("The audio file could not be decoded or its format is not supported.", "invalid_request_error"),
            };
            await ErrorAsync(context, status, message, type);
            return;
        }
        simulator.Record(upload);
        // The script's line is taken when the call is accepted: a held call whose client died has used its line.
        var text = simulator.TextFor(form.FileName!, upload.Size, upload.Sha256!);
        var call = simulator.CountAccepted();
        if (simulator.Faults.HoldFromCall is > 0 and var from && call >= from)
        {
            simulator.CountHold();
            // Polling a simulator switch is fine here: the hold ends when the test clears it or the client dies.
            while (simulator.Faults.HoldFromCall is > 0 and var hold && call >= hold) await Task.Delay(20, cancellationToken);
        }
        await AnswerAsync(context, simulator, upload, text, cancellationToken);
    }

    private static async Task AnswerAsync(HttpContext context, TranscriptionSimulator simulator, TranscriptionUpload upload, string text,
        CancellationToken cancellationToken)
    {
        var seconds = simulator.SecondsOf(upload.Size);
        var end = TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        switch (upload.ResponseFormat ?? "json")
        {
            case "text":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(text + "\n", cancellationToken);
                break;
            case "vtt":
                context.Response.ContentType = "text/plain; charset=utf-8"; // what OpenAI labels its vtt answers
                await context.Response.WriteAsync($"WEBVTT\n\n00:00:00.000 --> {end}\n{text}\n\n", cancellationToken);
                break;
            case "srt":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"1\n00:00:00,000 --> {end.Replace('.', ',')}\n{text}\n\n", cancellationToken);
                break;
            case "verbose_json":
                await context.Response.WriteAsJsonAsync(new
                {
                    task = "transcribe", language = upload.Language ?? "english", duration = seconds, text,
                    segments = new[]
                    {
                        new { id = 0, seek = 0, start = 0.0, end = seconds, text = " " + text, tokens = Array.Empty<int>(), temperature = 0.0,
                              avg_logprob = -0.25, compression_ratio = 1.2, no_speech_prob = 0.01 },
                    },
                }, cancellationToken);
                break;
            default:
                await context.Response.WriteAsJsonAsync(new { text }, cancellationToken);
                break;
        }
    }

    private sealed class Form
    {
        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);
        public string? FileName { get; set; }
        public string? FileContentType { get; set; }
        public long FileSize { get; set; }
        public string? Sha256 { get; set; }
        public bool TooLarge { get; set; }
        public bool NotMultipart { get; set; }
    }

    /// <summary>Reads the multipart body section by section, hashing the file as it streams, and stops past the size limit.</summary>
    private static async Task<Form> ReadFormAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var form = new Form();
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            form.NotMultipart = true;
            return form;
        }
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        long read = 0;
        var buffer = new byte[64 * 1024];
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is not { } name) continue;
            name = HeaderUtilities.RemoveQuotes(name).Value!;
            if (disposition.IsFileDisposition())
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                int n;
                long size = 0;
                while ((n = await section.Body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    (size, read) = (size + n, read + n);
                    if (read > limit) { form.TooLarge = true; return form; }
                    hash.AppendData(buffer, 0, n);
                }
                if (name != "file") continue;
                form.FileName = HeaderUtilities.RemoveQuotes(disposition.FileName.HasValue ? disposition.FileName : disposition.FileNameStar).Value;
                (form.FileContentType, form.FileSize, form.Sha256) = (section.ContentType, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
            else
            {
                using var text = new StreamReader(section.Body);
                var value = await text.ReadToEndAsync(cancellationToken);
                read += value.Length;
                if (read > limit) { form.TooLarge = true; return form; }
                form.Fields[name] = value;
            }
        }
        return form;
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message, string type, string? code = null)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { error = new { message, type, param = (string?)null, code } }, context.RequestAborted);
    }
}

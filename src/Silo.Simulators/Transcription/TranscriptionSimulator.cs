using System.Collections.Concurrent;

namespace Silo.Simulators.Transcription;

/// <summary>
/// A stand-in for OpenAI's <c>POST /v1/audio/transcriptions</c> (Whisper API) and servers that speak it: a real
/// multipart form (<c>file</c>, <c>model</c>, <c>language</c>, <c>response_format</c>: json, text, verbose_json, vtt),
/// OpenAI's error shape, 413 above <see cref="MaxRequestBytes"/>, 401 for a wrong key. The answer is derived from the
/// uploaded bytes: the text from <see cref="Script"/> (one line per answered call, in order) or else from the file's
/// name, size and hash; the length from the size at <see cref="BytesPerSecond"/>. Mount it with
/// <see cref="TranscriptionEndpoints.MapTranscriptionSimulator"/>.
/// </summary>
public sealed class TranscriptionSimulator
{
    private readonly ConcurrentQueue<TranscriptionUpload> _uploads = new();

    public TranscriptionFaults Faults { get; } = new();

    /// <summary>The bearer token required; null takes any request (a self-hosted server without keys).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The largest request body taken (OpenAI: 25 MiB, 26,214,400 bytes); larger ones are answered 413.</summary>
    public long MaxRequestBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>How many bytes of the upload make a second of speech (32 kbit/s by default), for the answer's timings.</summary>
    public int BytesPerSecond { get; set; } = 4000;

    /// <summary>The texts of the next answered calls, in order; once empty, texts are made from the file.</summary>
    public ConcurrentQueue<string> Script { get; } = new();

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<TranscriptionUpload> Uploads => [.. _uploads];

    private int _accepted;
    private int _held;

    /// <summary>How many answers were held by <see cref="TranscriptionFaults.HoldFromCall"/>.</summary>
    public int HeldCalls => Volatile.Read(ref _held);

    internal void Record(TranscriptionUpload upload) => _uploads.Enqueue(upload);

    internal int CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountHold() => Interlocked.Increment(ref _held);

    internal string TextFor(string fileName, long size, string sha256) =>
        Script.TryDequeue(out var line) ? line : $"Transcript of {fileName}, {size} bytes, {sha256[..12]}.";

    internal double SecondsOf(long size) => Math.Max(0.5, Math.Round((double)size / BytesPerSecond, 3));
}

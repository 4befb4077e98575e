using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Silo.Media.Transcription;

/// <summary>
/// Transcription of archived video and audio through an OpenAI-compatible <c>POST /v1/audio/transcriptions</c>
/// endpoint (seed 003's "Whisper API"). Section <c>Silo:Transcription</c>; off by default. The key may also come from
/// <c>TRANSCRIPTION_API_KEY</c> or <c>OPENAI_API_KEY</c> (the name OpenAI's own tools read); it is never logged.
/// </summary>
public sealed partial class TranscriptionOptions : IValidatableObject
{
    public const string Section = "Silo:Transcription";

    /// <summary>Whether archived video and audio files are transcribed. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The API's base URL, to which <c>/audio/transcriptions</c> is added. Default <c>https://api.openai.com/v1</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.openai.com/v1";

    /// <summary>The model asked for. Default <c>whisper-1</c>.</summary>
    [Required] public string Model { get; set; } = "whisper-1";

    /// <summary>The spoken language as an ISO-639-1 code (<c>en</c>, <c>es</c>), or <c>auto</c> to let the model detect it. Default <c>auto</c>.</summary>
    [Required] public string Language { get; set; } = "auto";

    /// <summary>
    /// <c>verbose_json</c> (text and timed segments; whisper-1 and most self-hosted servers), <c>vtt</c> (timed cues),
    /// <c>json</c> or <c>text</c> (text only, for models that give nothing else: the WebVTT then has one cue per uploaded part).
    /// Default <c>verbose_json</c>.
    /// </summary>
    [Required] public string ResponseFormat { get; set; } = "verbose_json";

    /// <summary>Bearer token for the API; empty sends none (a self-hosted server without keys). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Largest request the API takes (OpenAI: 25 MiB, answered 413 above it). A file larger than this, less room for the
    /// form's other fields, or in a format the API does not read, is sent as its sound track re-encoded by ffmpeg, split into
    /// parts under it. Default 26,214,400.
    /// </summary>
    [Range(16 * 1024, long.MaxValue)] public long MaxUploadBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Bit rate of the MP3 sound track ffmpeg makes of a file that must be re-encoded (mono, 16 kHz: what Whisper hears). Default 32 kbit/s.</summary>
    [Range(8, 320)] public int SplitBitrateKbps { get; set; } = 32;

    /// <summary>Longest one API call may take. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Failed calls in a row (429, 5xx, timeouts) after which a file is left <c>failed</c>. Default 8.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay after a 429 or 5xx without Retry-After; doubles per failure with ±20% jitter. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")] public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ceiling of the retry delay (and of an API's Retry-After). Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")] public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often a file with transcription outstanding is looked at by its reminder: the backstop that resumes work a crash
    /// interrupted (raised to the cluster's <c>MinimumReminderPeriod</c> if below). Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Files transcribed at once per node (seed 003's phase 2 ran one worker). Default 1.</summary>
    [Range(1, 64)] public int MaxConcurrentPerNode { get; set; } = 1;

    /// <summary>
    /// Files of one transcript backfill waiting for or in transcription at once: the backfill hands on more as they finish,
    /// so a backfill of thousands of files never holds thousands of waiting transcripts. Default 10.
    /// </summary>
    [Range(1, 1000)] public int BackfillInFlight { get; set; } = 10;

    /// <summary>How often a transcript backfill with <see cref="BackfillInFlight"/> files in flight looks again. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")] public TimeSpan BackfillPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Room kept under <see cref="MaxUploadBytes"/> for the form's other fields and part headers.</summary>
    public const long FormAllowance = 4096;

    public static readonly IReadOnlySet<string> ResponseFormats = new HashSet<string>(StringComparer.Ordinal) { "verbose_json", "vtt", "json", "text" };

    /// <summary>The retry delay after the <paramref name="failures"/>-th failure in a row: exponential with ±20% jitter, capped.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var exponential = RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(exponential, RetryMaxDelay.TotalMilliseconds) * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Language != "auto" && !IsoLanguage().IsMatch(Language))
            yield return new ValidationResult("must be auto or a two-letter ISO-639-1 code such as en or es.", [nameof(Language)]);
        if (!ResponseFormats.Contains(ResponseFormat))
            yield return new ValidationResult("must be verbose_json, vtt, json or text.", [nameof(ResponseFormat)]);
        if (AudioSplitter.PartSeconds(this) < 1)
            yield return new ValidationResult($"leaves less than a second of sound per part at {SplitBitrateKbps} kbit/s; raise it or lower SplitBitrateKbps.",
                [nameof(MaxUploadBytes)]);
        if (!Enabled) yield break;
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query))
            yield return new ValidationResult("must be an absolute http or https URL without a query, such as https://api.openai.com/v1.", [nameof(BaseUrl)]);
        else if (url.Scheme == "http" && !url.IsLoopback && !string.IsNullOrEmpty(ApiKey))
            yield return new ValidationResult("must be https when an API key is set (the key would travel in clear).", [nameof(BaseUrl)]);
    }

    [GeneratedRegex("^[a-z]{2}$")]
    private static partial Regex IsoLanguage();
}

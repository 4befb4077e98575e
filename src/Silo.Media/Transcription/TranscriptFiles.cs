using System.Security.Cryptography;
using System.Text;

namespace Silo.Media.Transcription;

/// <summary>
/// A transcript's two stored files as its parts render them: the text (the parts' texts, trimmed, one per line) and the
/// WebVTT. Both are UTF-8 without a byte order mark, joined with <c>\n</c> alone and free of anything local (culture, clock),
/// so the same parts always give the same bytes: what <see cref="TranscriptGrain"/> stores is what the integrity scrub
/// compares the store's copy with.
/// </summary>
public sealed class TranscriptFiles
{
    private static readonly UTF8Encoding Utf8 = new(false);

    private TranscriptFiles(string text, string vtt) => (Text, TextBytes, VttBytes) = (text, Utf8.GetBytes(text), Utf8.GetBytes(vtt));

    public string Text { get; }
    public byte[] TextBytes { get; }
    public byte[] VttBytes { get; }

    public static TranscriptFiles Render(IReadOnlyCollection<TranscriptPart> parts) => new(
        string.Join("\n", parts.Select(p => p.Text.Trim()).Where(t => t.Length > 0)),
        TranscriptVtt.Write(parts.SelectMany(p => p.Cues)));

    /// <summary>The text file's key: beside the media's, its extension replaced.</summary>
    public static string TextKey(string mediaKey) => $"{Stem(mediaKey)}.transcript.txt";

    public static string VttKey(string mediaKey) => $"{Stem(mediaKey)}.transcript.vtt";

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Stem(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot > key.LastIndexOf('/') ? key[..dot] : key;
    }
}

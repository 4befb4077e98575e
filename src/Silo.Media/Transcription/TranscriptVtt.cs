using System.Globalization;
using System.Text;

namespace Silo.Media.Transcription;

/// <summary>Writes a transcript's cues as WebVTT, and reads the cues of a WebVTT answer (response_format <c>vtt</c>).</summary>
public static class TranscriptVtt
{
    public static string Write(IEnumerable<TranscriptCue> cues)
    {
        var vtt = new StringBuilder("WEBVTT\n");
        foreach (var cue in cues)
        {
            var text = cue.Text.Trim();
            if (text.Length == 0) continue;
            // A cue's text may hold no blank line and no "-->"; & and < begin markup, so they are escaped.
            text = string.Join('\n', text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
                .Replace("&", "&amp;").Replace("<", "&lt;").Replace("-->", "--&gt;");
            vtt.Append('\n').Append(Time(cue.Start)).Append(" --> ").Append(Time(Math.Max(cue.End, cue.Start))).Append('\n').Append(text).Append('\n');
        }
        return vtt.ToString();
    }

    /// <summary>The cues of a WebVTT document; null when it does not start with <c>WEBVTT</c>.</summary>
    public static List<TranscriptCue>? Read(string vtt)
    {
        var lines = vtt.Replace("\r\n", "\n").Replace('\r', '\n').TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || !(lines[0] == "WEBVTT" || lines[0].StartsWith("WEBVTT ", StringComparison.Ordinal) || lines[0].StartsWith("WEBVTT\t", StringComparison.Ordinal)))
            return null;
        var cues = new List<TranscriptCue>();
        for (var i = 1; i < lines.Length; i++)
        {
            var arrow = lines[i].IndexOf("-->", StringComparison.Ordinal);
            if (arrow < 0) continue;
            var start = ParseTime(lines[i][..arrow]);
            var end = ParseTime(lines[i][(arrow + 3)..].Trim().Split(' ', '\t')[0]);
            var text = new List<string>();
            for (i++; i < lines.Length && lines[i].Length > 0; i++) text.Add(lines[i]);
            if (start is null || end is null) continue;
            cues.Add(new TranscriptCue(start.Value, end.Value,
                string.Join('\n', text).Replace("&lt;", "<").Replace("&gt;", ">").Replace("&nbsp;", " ").Replace("&amp;", "&")));
        }
        return cues;
    }

    private static string Time(double seconds)
    {
        var t = TimeSpan.FromMilliseconds(Math.Round(Math.Max(seconds, 0) * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}.{t.Milliseconds:000}");
    }

    /// <summary><c>hh:mm:ss.ttt</c> or <c>mm:ss.ttt</c>.</summary>
    private static double? ParseTime(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length is < 2 or > 3) return null;
        double total = 0;
        foreach (var part in parts[..^1])
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
            total = total * 60 + n;
        }
        return double.TryParse(parts[^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) ? total * 60 + s : null;
    }
}

using Silo.Media.Transcription;

namespace Silo.Media.Tests.Transcription;

/// <summary>The WebVTT Silo writes for a transcript, and the cues it reads from an API's vtt answer.</summary>
public sealed class TranscriptVttTests
{
    [Fact]
    public void Write_CuesPastAnHour_TimesAndMarkupEscaped()
    {
        var vtt = TranscriptVtt.Write([new(0, 1.5, "Uno & <dos>"), new(3599.9994, 3725.25, "  tres --> cuatro\n\n cinco "), new(4000, 4001, "   ")]);

        Assert.Equal("WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nUno &amp; &lt;dos>\n\n00:59:59.999 --> 01:02:05.250\ntres --&gt; cuatro\ncinco\n", vtt);
    }

    [Fact]
    public void Read_WhatWriteWrote_SameCues()
    {
        TranscriptCue[] cues = [new(0, 1.5, "Uno & <dos>"), new(61.25, 62, "tres --> cuatro")];

        Assert.Equal(cues, TranscriptVtt.Read(TranscriptVtt.Write(cues)));
    }

    [Fact]
    public void Read_ShortTimesAndCueSettings_Parsed()
    {
        var cues = TranscriptVtt.Read("WEBVTT - from a server\r\n\r\n1\r\n00:01.000 --> 00:02.500 align:start\r\nHola\r\nmundo\r\n");

        Assert.Equal([new TranscriptCue(1, 2.5, "Hola\nmundo")], cues);
    }

    [Fact]
    public void Read_NotWebVtt_Null() => Assert.Null(TranscriptVtt.Read("1\n00:00:01,000 --> 00:00:02,000\nsrt\n"));
}

using Silo.Dashboard.Tests.Support;

namespace Silo.Dashboard.Tests.Metrics;

/// <summary>The checker itself must fail on broken text, or the /metrics tests prove nothing.</summary>
public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData("a_total 1", "no final line feed")]
    [InlineData("# TYPE a counter\na 1\n# TYPE b gauge\nb 1\na 2\n", "interleaved family")]
    [InlineData("a{x=\"1} 1\n", "unterminated label value")]
    [InlineData("a{x=\"\\q\"} 1\n", "bad escape")]
    [InlineData("a one\n", "value not a float")]
    [InlineData("# TYPE a counter\n# TYPE a counter\na 1\n", "second TYPE")]
    [InlineData("# TYPE a counter\na -1\n", "negative counter")]
    [InlineData("a{1x=\"v\"} 1\n", "invalid label name")]
    [InlineData("a{x=\"v\",x=\"w\"} 1\n", "repeated label")]
    public void Parse_BrokenText_Throws(string text, string because)
    {
        Assert.True(Assert.Throws<FormatException>(() => PrometheusText.Parse(text)) is not null, because);
    }

    [Fact]
    public void Parse_ValidText_ReadsSamples()
    {
        var families = PrometheusText.Parse("# HELP a A.\n# TYPE a gauge\na{x=\"1\",y=\"q\\\"\"} 1.5e3 1700000000000\n\n# comment\nb NaN\n");

        Assert.Equal(1500, families["a"].Samples[0].Value);
        Assert.Equal("q\"", families["a"].Samples[0].Labels["y"]);
        Assert.True(double.IsNaN(families["b"].Samples[0].Value));
    }
}

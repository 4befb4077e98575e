using Silo.Dashboard.Tests.Support;
using Silo.Hosting.Metrics;

namespace Silo.Dashboard.Tests.Metrics;

public sealed class MetricsBuilderTests
{
    [Fact]
    public void Counter_NameWithoutTotalSuffix_Throws()
    {
        var metrics = new MetricsBuilder();

        Assert.Throws<ArgumentException>(() => metrics.Counter("silo_turns", "Turns.", 1));
    }

    [Fact]
    public void Gauge_LabelValueWithQuoteBackslashAndNewline_EscapedAndReadBackIntact()
    {
        var metrics = new MetricsBuilder();
        const string awkward = "say \"hi\"\\ then\nleave";

        metrics.Gauge("silo_test_gauge", "A help text with a \\ backslash\nand a second line.", 2.5, ("grain_type", awkward));
        var families = PrometheusText.Parse(metrics.ToString());

        var sample = Assert.Single(families["silo_test_gauge"].Samples);
        Assert.Equal(awkward, sample.Labels["grain_type"]);
        Assert.Equal(2.5, sample.Value);
        Assert.Equal("gauge", families["silo_test_gauge"].Type);
    }

    [Fact]
    public void Counter_SameLabelsTwice_Throws()
    {
        var metrics = new MetricsBuilder();
        metrics.Counter("silo_x_total", "X.", 1, ("node", "a"));

        Assert.Throws<InvalidOperationException>(() => metrics.Counter("silo_x_total", "X.", 2, ("node", "a")));
    }

    [Fact]
    public void ToString_SamplesAddedInAnyOrder_FamiliesContiguousWithOneHelpAndType()
    {
        var metrics = new MetricsBuilder();
        metrics.Counter("silo_a_total", "A.", 1, ("node", "n1"));
        metrics.Gauge("silo_b", "B.", double.PositiveInfinity);
        metrics.Counter("silo_a_total", "A.", 3, ("node", "n2"));
        metrics.Declare("silo_c_total", "C, never hit.", "counter");

        var text = metrics.ToString();
        var families = PrometheusText.Parse(text);

        Assert.Equal(["silo_a_total", "silo_b", "silo_c_total"], families.Keys.Order());
        Assert.Equal([1d, 3d], families["silo_a_total"].Samples.Select(s => s.Value));
        Assert.Equal(double.PositiveInfinity, families["silo_b"].Samples[0].Value);
        Assert.Empty(families["silo_c_total"].Samples);
        Assert.Equal(1, text.Split('\n').Count(l => l == "# TYPE silo_a_total counter"));
    }

    [Fact]
    public void Gauge_InvalidLabelName_Throws()
    {
        var metrics = new MetricsBuilder();

        Assert.Throws<ArgumentException>(() => metrics.Gauge("silo_g", "G.", 1, ("grain-type", "x")));
    }
}

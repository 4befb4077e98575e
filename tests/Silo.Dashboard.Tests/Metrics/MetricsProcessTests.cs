using System.Net;
using System.Net.Http.Headers;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Metrics;

/// <summary>
/// A real <c>silo run</c> process, one silo as in production: its whole /metrics, Orleans' samples
/// included, passes the strict text-format checker (in-process tests leave Orleans' samples out,
/// see <see cref="PrometheusText.WithoutOrleansSamples"/>).
/// </summary>
public sealed class MetricsProcessTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string AdminKey = "silo_metrics_process_admin_key_01";

    [Fact]
    public async Task GetMetrics_OneSiloProcess_WholeScrapeIsStrictTextWithOrleansSamples()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        await using var silo = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"),
            "run", "--role", "all", $"--ConnectionStrings:Silo={database.ConnectionString}", $"--Urls=http://127.0.0.1:{port}",
            $"--Silo:Cluster:SiloPort={FreePort.Next()}", $"--Silo:Cluster:GatewayPort={FreePort.Next()}", $"--SILO_ADMIN_KEY={AdminKey}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        await Eventually.UntilAsync(async () =>
        {
            if (silo.HasExited) throw new InvalidOperationException($"silo exited:\n{silo.Output}");
            try { return (await http.GetAsync("/readyz", ct)).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, "the silo process is ready", TimeSpan.FromSeconds(90));

        var families = PrometheusText.Parse(await http.GetStringAsync("/metrics", ct));

        Assert.NotEmpty(families["orleans_catalog_activations"].Samples);
        Assert.Equal(5, families["silo_media_posts"].Samples.Count);
    }
}

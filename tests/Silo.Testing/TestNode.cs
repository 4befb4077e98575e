using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Hosting;
using Silo.Hosting.Hosting;

namespace Silo.Testing;

/// <summary>
/// A real node (the product's own <see cref="SiloApplication"/>) on a free loopback port against a
/// test database, with an HTTP client pointed at it. Settings and services can be added per test.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string AdminKey = "silo_test_admin_key_0123456789";

    /// <summary>The setting that turns the Orleans Dashboard back on, for the tests of its pages and of who may see them.</summary>
    public static KeyValuePair<string, string?> WithOrleansDashboard => new("Silo:Dashboard:OrleansDashboard", "true");

    private TestNode(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => App.Services;
    public SiloNode Node => Services.GetRequiredService<SiloNode>();

    public static async Task<TestNode> StartAsync(string connectionString, SiloRole role = SiloRole.All,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = SiloApplication.Build([], role, builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Silo"] = connectionString,
                ["Urls"] = "http://127.0.0.1:0",
                ["SILO_ADMIN_KEY"] = AdminKey,
                // Each node in a test process is its own silo: its own ports, the cluster in its test database.
                ["Silo:Cluster:SiloPort"] = FreePort.Next().ToString(),
                ["Silo:Cluster:GatewayPort"] = FreePort.Next().ToString(),
                ["Silo:Cluster:MinimumReminderPeriod"] = "00:00:01",
                // Seed 004's alert lines are checked only where a test asks (a shorter interval): another test's
                // failing entities would otherwise gain an alert it does not expect, depending on timing.
                ["Silo:Insights:AlertCheckInterval"] = "01:00:00",
                // No test hands yt-dlp a YouTube URL: its default hosts are replaced by one that never resolves (RFC 6761),
                // so a post naming www.youtube.com fails as host_refused instead of reaching out. MediaWorld names its simulator.
                ["Silo:Media:YtDlp:Hosts:0"] = "youtube.invalid",
                ["Silo:Media:YtDlp:FetchHosts:0"] = "youtube.invalid",
                // The Orleans Dashboard gzips 17 MB of assets at every start (a fifth of the Publishing tests' CPU): only
                // tests of it turn it on.
                ["Silo:Dashboard:OrleansDashboard"] = "false",
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("SILO_TEST_LOG_LEVEL") ?? "Warning",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
            builder.Configuration.AddInMemoryCollection(values);
            services?.Invoke(builder.Services);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // Whatever started before the failure (Orleans, the web server, hosted services) is stopped here:
            // the caller never gets a node to dispose.
            // The start's own error is the one to report, not what stopping a half-started host says.
            try { await app.StopAsync(new CancellationToken(canceled: true)); }
            catch (Exception) { }
            try { await app.DisposeAsync(); }
            catch (Exception) { }
            throw;
        }
        return new TestNode(app, new Uri(app.Urls.First()));
    }

    /// <summary>An HTTP client that sends <paramref name="key"/> as a bearer token.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient AdminClient() => ClientWithKey(AdminKey);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

using System.Net.Sockets;
using System.Text;
using Silo.Testing;

namespace Silo.Insights.Tests.Endpoints;

/// <summary>A client reading the CSV export slowly cannot hold the database connection it streams from for ever.</summary>
public sealed class CsvExportTimeoutTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task ExportCsv_ReaderSlowerThanTheExportTimeout_AbortedAndTheConnectionFreed()
    {
        var ct = TestContext.Current.CancellationToken;
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await database.ExecuteAsync("insert into ad_accounts (account_id, tenant, name, token_ref) values ('act_csv', 'acme', 'CSV', 'none')");
        // About 25 MB of CSV: far more than the socket buffers take, so the export waits on the reader.
        await database.ExecuteAsync($"""
            insert into meta_ad_insights (account_id, campaign_id, entity_type, date_start, date_end, spend, impressions, clicks, conversions,
                                          revenue, ctr, cpc, roas, frequency, reach, unique_clicks, cost_per_conversion)
            select 'act_csv', 'campaign_' || g, 'campaign', date '{day}', date '{day}', 1234.56, 1000000, 12345, 123, 4567.89,
                   1.2345, 0.1000, 3.7000, 1.5000, 654321, 12000, 10.0373
              from generate_series(1, 150000) g
            """);
        var settings = InsightsTestNode.StubSettings();
        settings["Silo:Insights:ExportTimeout"] = "00:00:03";
        await using var node = await InsightsTestNode.StartAsync(database, settings);
        using var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(node.Address.Host, node.Address.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /meta/insights/export.csv?from={day}&to={day}&level=campaign HTTP/1.1\r\n"
            + $"Host: {node.Address.Authority}\r\nAuthorization: Bearer {TestNode.AdminKey}\r\n\r\n"), ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        var received = 0L;
        var closed = false;
        var buffer = new byte[1024];
        while (!closed)
        {
            try
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                received += read;
                closed = read == 0;
            }
            catch (IOException) { closed = true; }
            // The slow client under test: about 20 KB/s, well above Kestrel's minimum rate, far below the export's size in 90 s.
            if (!closed) await Task.Delay(50, deadline.Token);
        }

        Assert.InRange(received, 1, 10_000_000);
        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and state <> 'idle' and query like '%meta_ad_insights%' and pid <> pg_backend_pid()") == 0,
            "the export's database connection is back in the pool");
    }
}

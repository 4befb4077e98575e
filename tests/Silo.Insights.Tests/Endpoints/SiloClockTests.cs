using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Silo.Hosting.Hosting;
using Silo.Testing;

namespace Silo.Insights.Tests.Endpoints;

/// <summary>The insights routes read Silo's keyed clock, so a test (or a replay) can fix "today".</summary>
public sealed class SiloClockTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overview_FakeSiloClock_RangeEndsOnTheClocksDay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 23, 30, 0, TimeSpan.Zero));
        await using var node = await TestNode.StartAsync(database.ConnectionString, settings: InsightsTestNode.StubSettings(),
            services: s => s.AddKeyedSingleton<TimeProvider>(SiloClock.Key, clock));
        using var reader = await node.ClientAsync("acme", "analytics:read");

        var first = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/overview?days=7", Ct);
        clock.Advance(TimeSpan.FromHours(1));
        var next = await reader.GetFromJsonAsync<JsonElement>("/meta/insights/overview?days=7", Ct);

        Assert.Equal("2026-03-09", first.GetProperty("date_range").GetProperty("start").GetString());
        Assert.Equal("2026-03-15", first.GetProperty("date_range").GetProperty("end").GetString());
        Assert.Equal("2026-03-16", next.GetProperty("date_range").GetProperty("end").GetString());
    }
}

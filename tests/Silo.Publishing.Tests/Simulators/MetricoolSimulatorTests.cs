using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Publishing.Tests.Support;
using Silo.Simulators.Metricool;

namespace Silo.Publishing.Tests.Simulators;

public sealed class MetricoolSimulatorTests
{
    [Fact]
    public async Task PutFaults_OverHttp_AppliedAndCountedDown()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        using var http = new HttpClient();

        var put = await http.PutAsJsonAsync($"{host.BaseUrl}/_simulator/faults",
            new { readServerErrors = 1, confirmationDelay = "00:00:05" }, TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{host.BaseUrl}/v2/scheduler/posts?userId=1&blogId=2&start=2030-01-01T00:00:00&end=2030-01-02T00:00:00");
        request.Headers.Add("X-Mc-Auth", MetricoolSimulatorHost.Token);
        var failed = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal((0, TimeSpan.FromSeconds(5)), (host.Simulator.Faults.ReadServerErrors, host.Simulator.Faults.ConfirmationDelay));
    }

    [Theory]
    [InlineData(null, "userId=1&blogId=2", HttpStatusCode.Unauthorized)]
    [InlineData("wrong", "userId=1&blogId=2", HttpStatusCode.Unauthorized)]
    [InlineData(MetricoolSimulatorHost.Token, "userId=1", HttpStatusCode.BadRequest)]
    [InlineData(MetricoolSimulatorHost.Token, "blogId=2", HttpStatusCode.BadRequest)]
    public async Task BestTimes_MissingTokenOrIds_RefusedWithErrorEnvelope(string? token, string query, HttpStatusCode expected)
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host.BaseUrl}/v2/scheduler/besttimes/instagram?{query}");
        if (token is not null) request.Headers.Add("X-Mc-Auth", token);

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task ConfirmationDelay_PostDueNow_PendingThenPublishedWithNetworkIds()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await MetricoolSimulatorHost.StartAsync(clock);
        host.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromSeconds(10));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Mc-Auth", MetricoolSimulatorHost.Token);
        var created = await http.PostAsJsonAsync($"{host.BaseUrl}/v2/scheduler/posts?userId=1&blogId=2", new
        {
            publicationDate = new { dateTime = "2030-01-01T13:00:00", timezone = "Europe/Madrid" },
            text = "t", media = new[] { "https://cdn.test/x.mp4" }, providers = new[] { new { network = "facebook" }, new { network = "instagram" } },
            instagramData = new { type = "STORY" }, facebookData = new { type = "STORY" },
        }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("data").GetProperty("id").GetInt64();

        async Task<List<string>> Providers()
        {
            var list = await http.GetFromJsonAsync<JsonElement>(
                $"{host.BaseUrl}/v2/scheduler/posts?userId=1&blogId=2&start=2030-01-01T11:00:00&end=2030-01-01T13:00:00&timezone=UTC",
                TestContext.Current.CancellationToken);
            return [.. list.GetProperty("data").EnumerateArray().Single().GetProperty("providers").EnumerateArray()
                .Select(p => $"{p.GetProperty("status").GetString()}:{(p.TryGetProperty("id", out var i) ? i.GetString() : "")}")];
        }

        var pending = await Providers();
        clock.Advance(TimeSpan.FromSeconds(10));
        var published = await Providers();

        Assert.Equal(["PENDING:", "PENDING:"], pending);
        Assert.Equal([$"PUBLISHED:facebook_{id}", $"PUBLISHED:instagram_{id}"], published);
        Assert.Equal(1, host.Simulator.CreatedCount("https://cdn.test/x.mp4"));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero), host.Simulator.Posts.Single().PublicationDate);
    }
}

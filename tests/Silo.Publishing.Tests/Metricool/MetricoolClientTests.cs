using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Silo.Publishing.Metricool;
using Silo.Publishing.Tests.Support;

namespace Silo.Publishing.Tests.Metricool;

public sealed class MetricoolClientTests
{
    private static readonly MetricoolAccount Account = new("user-9", "555");

    private static MetricoolClient Client(MetricoolSimulatorHost host, string? token = MetricoolSimulatorHost.Token, int readRetries = 3) =>
        new(new HttpClient(), Options.Create(new MetricoolOptions
        {
            BaseUrl = host.BaseUrl, Token = token, ReadRetries = readRetries, ReadRetryDelay = TimeSpan.FromMilliseconds(10),
            CreateTimeout = TimeSpan.FromSeconds(10),
        }), TimeProvider.System, NullLogger<MetricoolClient>.Instance);

    [Fact]
    public async Task CreateStoryAsync_Simulator_StoresStoryForTheBrandWithKeyInText()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        var at = new DateTimeOffset(2030, 5, 1, 18, 0, 0, TimeSpan.Zero);

        var outcome = await Client(host).CreateStoryAsync(Account, "https://cdn.test/s.mp4", "Part 1 [silo:k-1]", at, TestContext.Current.CancellationToken);

        var created = Assert.IsType<CreatePostOutcome.Created>(outcome);
        var post = Assert.Single(host.Simulator.Posts);
        Assert.Equal(post.Id, created.Post.Id);
        Assert.Equal(("555", "user-9", "STORY", "STORY", at), (post.BlogId, post.UserId, post.InstagramType, post.FacebookType, post.PublicationDate));
        Assert.Equal(["facebook", "instagram"], post.Networks);
        Assert.Contains(MetricoolClient.KeyMarker("k-1"), post.Text);
    }

    [Fact]
    public async Task CreateStoryAsync_ServerError_UnknownAndNeverRetried()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        host.Simulator.SetFaults(f => f.CreateServerErrors = 2);

        var outcome = await Client(host).CreateStoryAsync(Account, "https://cdn.test/e.mp4", "x", DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        Assert.IsType<CreatePostOutcome.Unknown>(outcome);
        Assert.Equal(1, host.Simulator.Faults.CreateServerErrors);
    }

    [Fact]
    public async Task CreateStoryAsync_WrongToken_RejectedNotRetryable()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();

        var outcome = await Client(host, token: "wrong").CreateStoryAsync(Account, "https://cdn.test/t.mp4", "x", DateTimeOffset.UtcNow,
            TestContext.Current.CancellationToken);

        var rejected = Assert.IsType<CreatePostOutcome.Rejected>(outcome);
        Assert.False(rejected.RetryLater);
        Assert.StartsWith("HTTP 401", rejected.Error);
        Assert.Empty(host.Simulator.Posts);
    }

    [Fact]
    public async Task CreateStoryAsync_NoToken_RejectedNamingTheSettingAndNothingSent()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();

        var outcome = await Client(host, token: null).CreateStoryAsync(Account, "https://cdn.test/n.mp4", "x", DateTimeOffset.UtcNow,
            TestContext.Current.CancellationToken);

        var rejected = Assert.IsType<CreatePostOutcome.Rejected>(outcome);
        Assert.Equal((false, true), (rejected.RetryLater, rejected.Error.Contains("Silo:Publishing:Metricool:Token", StringComparison.Ordinal)));
        Assert.Empty(host.Simulator.Posts);
    }

    [Fact]
    public async Task CreateStoryAsync_TooManyRequests_RejectedRetryLaterWithRetryAfter()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        host.Simulator.SetFaults(f => f.TooManyRequests = 1);

        var outcome = await Client(host).CreateStoryAsync(Account, "https://cdn.test/r.mp4", "x", DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var rejected = Assert.IsType<CreatePostOutcome.Rejected>(outcome);
        Assert.Equal((true, TimeSpan.FromSeconds(1)), (rejected.RetryLater, rejected.RetryAfter));
        Assert.Empty(host.Simulator.Posts);
    }

    [Fact]
    public async Task ListPostsAsync_TwoServiceUnavailable_RetriedAndAnswers()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        var client = Client(host);
        var at = DateTimeOffset.UtcNow.AddHours(1);
        await client.CreateStoryAsync(Account, "https://cdn.test/l.mp4", "x", at, TestContext.Current.CancellationToken);
        host.Simulator.SetFaults(f => f.ReadServerErrors = 2);

        var posts = await client.ListPostsAsync(Account, at.AddMinutes(-5), at.AddMinutes(5), TestContext.Current.CancellationToken);

        Assert.Equal("https://cdn.test/l.mp4", Assert.Single(posts).Media.Single());
        Assert.Equal(0, host.Simulator.Faults.ReadServerErrors);
    }

    [Fact]
    public async Task ListPostsAsync_MoreErrorsThanRetries_ThrowsUnavailable()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();
        host.Simulator.SetFaults(f => f.ReadServerErrors = 10);

        await Assert.ThrowsAsync<MetricoolUnavailableException>(() =>
            Client(host, readRetries: 2).ListPostsAsync(Account, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1), TestContext.Current.CancellationToken));
        Assert.Equal(7, host.Simulator.Faults.ReadServerErrors);
    }

    [Fact]
    public async Task GetBestTimesAsync_Simulator_SevenDaysOf24Hours()
    {
        await using var host = await MetricoolSimulatorHost.StartAsync();

        var times = await Client(host).GetBestTimesAsync(Account, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7), TimeZoneInfo.Utc, TestContext.Current.CancellationToken);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], times.Select(t => t.DayOfWeek));
        Assert.All(times, t => Assert.Equal(24, t.BestTimesByHour.Count));
    }
}

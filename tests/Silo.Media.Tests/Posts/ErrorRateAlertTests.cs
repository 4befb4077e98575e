using Silo.Media.Tests.Support;
using Silo.Testing;
using static Silo.Simulators.MetaGraph.MetaWebhookPayloads;

namespace Silo.Media.Tests.Posts;

/// <summary>The error-rate alert counts every attempt in the window, so it gets a database of its own.</summary>
public sealed class ErrorRateAlertTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Receive_ErrorRateOverThreshold_AlertRaised()
    {
        await using var world = await MediaWorld.StartAsync(database, new Dictionary<string, string?>
        {
            ["Silo:Media:MaxAttempts"] = "1", ["Silo:Media:ErrorRateMinimumAttempts"] = "3",
        });
        world.Cdn.AddFile("p112.png", TestMedia.Png(5, 5, 2000, seed: 112), "image/png");
        var missing = world.Cdn.SignedUrl("p112.png").Replace("p112.png", "missing.png", StringComparison.Ordinal);
        await world.SendWebhookAsync(PageFeed("100200",
            new FeedValue("photo", "100200_1121", "ok", world.Cdn.SignedUrl("p112.png")),
            new FeedValue("photo", "100200_1122", "gone", missing),
            new FeedValue("photo", "100200_1123", "gone", missing),
            new FeedValue("photo", "100200_1124", "gone", missing)));

        await Eventually.UntilAsync(async () => await database.ScalarAsync<long>("select count(*) from media_attempts") == 4, "four attempts are recorded");
        Assert.Equal(1L, await database.ScalarAsync<long>("select count(*) from alerts where kind = 'error_rate' and not resolved"));
    }
}

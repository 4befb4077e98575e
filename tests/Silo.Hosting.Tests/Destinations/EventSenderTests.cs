using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Hosting.Destinations;

namespace Silo.Hosting.Tests.Destinations;

/// <summary>A name that resolves to a private address is refused at connection time, after resolution: nothing is connected to.</summary>
public sealed class EventSenderTests
{
    private static readonly NotificationEvent Event = new(7, "acme", EventTypes.PostError, "fb:1", JsonDocument.Parse("{}").RootElement, DateTimeOffset.UnixEpoch, 1);

    private static Destination To(string url) => new(1, "acme", "n", DestinationKinds.Webhook, url, "s", [EventTypes.PostError], 0, 0, null, DateTimeOffset.UnixEpoch, 0);

    [Theory]
    [InlineData("10.0.0.7", "a private network address")]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("169.254.169.254", "a cloud metadata service address")]
    public async Task SendAsync_NameResolvesToAPrivateAddress_RefusedWithoutConnecting(string resolved, string kind)
    {
        var resolutions = 0;
        var options = Options.Create(new DestinationOptions());
        using var sender = new EventSender(options, new DestinationAddress(options), TimeProvider.System, (_, _) =>
        {
            resolutions++;
            return Task.FromResult(new[] { IPAddress.Parse(resolved) });
        });

        var result = await sender.SendAsync(To("http://hooks.example.com:9/hook"), Event, TestContext.Current.CancellationToken);

        Assert.False(result.Delivered);
        Assert.Null(result.StatusCode);
        Assert.StartsWith("Refused:", result.Error);
        Assert.Contains(kind, result.Error);
        Assert.Equal(1, resolutions);
    }

    [Fact]
    public async Task SendAsync_LiteralPrivateAddress_RefusedBeforeResolving()
    {
        var options = Options.Create(new DestinationOptions());
        using var sender = new EventSender(options, new DestinationAddress(options), TimeProvider.System,
            (_, _) => throw new InvalidOperationException("nothing is resolved for a refused URL"));

        var result = await sender.SendAsync(To("http://10.0.0.7/hook"), Event, TestContext.Current.CancellationToken);

        Assert.False(result.Delivered);
        Assert.Contains("a private network address", result.Error);
    }
}

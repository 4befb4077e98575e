using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;

namespace Silo.Insights.Tests.Meta;

public sealed class MarketingApiClientTests
{
    private static MarketingApiClient Client(string baseUrl)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(MarketingApiClient.HttpClientName);
        using var provider = services.BuildServiceProvider();
        return new MarketingApiClient(provider.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new InsightsOptions { GraphBaseUrl = new Uri(baseUrl) }), TimeProvider.System);
    }

    [Fact]
    public async Task GetNextPageAsync_LinkToAnotherHost_RefusedBeforeAnyConnection()
    {
        // The address is never dialled: the host check comes first, so the token cannot leave for it.
        var client = Client("http://127.0.0.1:1/ads");
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetNextPageAsync(new Uri("http://127.0.0.2:1/v21.0/act_1/campaigns?after=x"), "secret", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void BaseUrl_WithoutTrailingSlash_KeepsPathPrefix() =>
        Assert.Equal("http://127.0.0.1:9/ads/", Client("http://127.0.0.1:9/ads").BaseUrl.AbsoluteUri);
}

using Microsoft.Extensions.Options;
using Silo.Insights.Accounts;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;
using Silo.Insights.Reports;

namespace Silo.Insights.Tests.Meta;

public sealed class StubInsightsSourceTests
{
    private static readonly AdEntityRef Ad = new("1001000101", AdEntityType.Ad, "act_1001", "10010001", "1001000101");
    private static readonly DateOnly Day = new(2026, 3, 14);

    [Fact]
    public void Figures_SameIdAndDay_SameFigures()
    {
        var first = StubInsightsSource.Figures(Ad, Day);
        var again = StubInsightsSource.Figures(Ad with { }, Day);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Figures_OtherIdOrDay_OtherFigures()
    {
        var first = StubInsightsSource.Figures(Ad, Day);
        Assert.NotEqual(first.Spend, StubInsightsSource.Figures(Ad with { EntityId = "1001000102" }, Day).Spend);
        Assert.NotEqual(first.Impressions, StubInsightsSource.Figures(Ad, Day.AddDays(1)).Impressions);
    }

    [Fact]
    public void Figures_AnyDay_ConsistentRatios()
    {
        var row = StubInsightsSource.Figures(Ad, Day);
        Assert.True(row.Impressions >= row.Reach && row.Reach > 0);
        Assert.True(row.Clicks >= row.UniqueClicks);
        Assert.Equal(Math.Round(row.Clicks * 100m / row.Impressions, 4), row.Ctr);
        Assert.Equal("1001000101", row.AdId);
        Assert.Equal("10010001", row.CampaignId);
    }

    [Fact]
    public async Task DiscoverAsync_SameAccount_SameHierarchyOfConfiguredSize()
    {
        var source = new StubInsightsSource(Options.Create(new InsightsOptions { StubCampaigns = 3, StubAdSetsPerCampaign = 2, StubAdsPerAdSet = 4 }));
        var account = new AdAccount("act_77", "t", "n", "META_ACCESS_TOKEN", AdAccount.Active, null, DateTimeOffset.UnixEpoch);

        var first = await source.DiscoverAsync(account, TestContext.Current.CancellationToken);
        var second = await source.DiscoverAsync(account, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(3, first.Count(e => e.EntityType == AdEntityType.Campaign));
        Assert.Equal(6, first.Count(e => e.EntityType == AdEntityType.AdSet));
        Assert.Equal(24, first.Count(e => e.EntityType == AdEntityType.Ad));
        Assert.Equal(first.Count, first.Select(e => e.EntityId).Distinct().Count());
    }

    [Fact]
    public async Task StartReportAsync_Window_OneRowPerDayKeyedToLevel()
    {
        var source = new StubInsightsSource(Options.Create(new InsightsOptions()));
        var account = new AdAccount("act_1001", "t", "n", "r", AdAccount.Active, null, DateTimeOffset.UnixEpoch);
        var campaign = new AdEntityRef("10010001", AdEntityType.Campaign, "act_1001", "10010001", null);

        var progress = await source.StartReportAsync(account, campaign, new DateWindow(Day, Day.AddDays(6)), TestContext.Current.CancellationToken);

        var rows = Assert.IsType<ReportProgress.Completed>(progress).Rows;
        Assert.Equal(7, rows.Count);
        Assert.All(rows, r => Assert.True(r.AdSetId is null && r.AdId is null && r.CampaignId == "10010001"));
    }

    [Fact]
    public async Task ReadCreativeAsync_StubCreativeUrlsSet_OddAdsAnImageEvenAdsAVideoListedWithTheirIds()
    {
        var (image, video, thumb) = (new Uri("http://cdn.test/i.png"), new Uri("http://cdn.test/v.mp4"), new Uri("http://cdn.test/t.png"));
        var source = new StubInsightsSource(Options.Create(new InsightsOptions
        {
            StubCampaigns = 1, StubAdSetsPerCampaign = 1, StubAdsPerAdSet = 2, StubCreativeImageUrl = image, StubCreativeVideoUrl = video, StubCreativeThumbnailUrl = thumb,
        }));
        var account = new AdAccount("act_1001", "t", "n", "r", AdAccount.Active, null, DateTimeOffset.UnixEpoch);
        var ct = TestContext.Current.CancellationToken;

        var ads = (await source.DiscoverAsync(account, ct)).Where(e => e.EntityType == AdEntityType.Ad).ToList();
        var first = await source.ReadCreativeAsync(account, ads[0].EntityId, ct);
        var second = await source.ReadCreativeAsync(account, ads[1].EntityId, ct);

        Assert.Equal(ads.Select(a => StubInsightsSource.CreativeIdOf(a.EntityId)), ads.Select(a => a.CreativeId));
        Assert.Equal((ads[0].CreativeId, image.ToString(), null, thumb.ToString()), (first!.CreativeId, first.ImageUrl, first.VideoUrl, first.ThumbnailUrl));
        Assert.Equal((ads[1].CreativeId, null, video.ToString()), (second!.CreativeId, second.ImageUrl, second.VideoUrl));
        Assert.Equal([("video", video.ToString(), "video"), ("thumbnail", thumb.ToString(), "image")], second.Media());
    }

    [Fact]
    public async Task DiscoverAsync_NoStubCreativeUrl_AdsListNoCreative()
    {
        var source = new StubInsightsSource(Options.Create(new InsightsOptions { StubCampaigns = 1, StubAdSetsPerCampaign = 1, StubAdsPerAdSet = 2 }));
        var account = new AdAccount("act_1001", "t", "n", "r", AdAccount.Active, null, DateTimeOffset.UnixEpoch);

        var found = await source.DiscoverAsync(account, TestContext.Current.CancellationToken);

        Assert.All(found, e => Assert.Null(e.CreativeId));
        Assert.Null(await source.ReadCreativeAsync(account, found[^1].EntityId, TestContext.Current.CancellationToken));
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Silo.Gateway.Grpc.V1;

namespace Silo.Gateway.Tests.Grpc;

/// <summary><c>silo.v1.Insights</c> end to end over h2c against a real node in stub mode; the answers match the HTTP routes'.</summary>
public sealed class InsightsServiceTests(GrpcWorld world) : IClassFixture<GrpcWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private Silo.Gateway.Grpc.V1.Insights.InsightsClient Client => new(world.Channel);

    private Task<string> CampaignIdAsync() =>
        world.Database.ScalarAsync<string>("select entity_id from ad_entities where account_id = @a and entity_type = 'campaign'", ("a", GrpcWorld.AccountId));

    [Fact]
    public async Task SyncNowThenReads_StubAccount_ReportCompletedAndFiguresAsOverHttp()
    {
        var campaign = await CampaignIdAsync();

        var report = await Client.SyncNowAsync(new SyncNowRequest { DaysBack = 2, Force = true, EntityIds = { campaign } }, GrpcCalls.With(world.AcmeManager, Ct));
        var overview = await Client.GetOverviewAsync(new GetOverviewRequest { Days = 7 }, GrpcCalls.With(world.AcmeReader, Ct));
        var entity = await Client.GetEntityInsightsAsync(new GetEntityInsightsRequest { EntityId = campaign, EntityType = "campaign", Days = 7 },
            GrpcCalls.With(world.AcmeReader, Ct));

        Assert.Equal(("completed", 3, 1, 1, 1), (report.Status, report.ExpectedEntities, report.Campaigns.Success, report.Adsets.Success, report.Ads.Success));
        Assert.Equal(6L, report.RowsUpserted);
        using var http = world.Node.ClientWithKey(world.AcmeReader);
        var httpOverview = await http.GetFromJsonAsync<JsonElement>("/meta/insights/overview?days=7", Ct);
        Assert.Equal(httpOverview.GetProperty("total_campaigns").GetInt32(), overview.TotalCampaigns);
        Assert.Equal(Decimal(httpOverview.GetProperty("global_metrics").GetProperty("spend")), overview.GlobalMetrics.Spend);
        Assert.Equal(report.SyncId, overview.LastSync.SyncId);
        var timeline = (await http.GetFromJsonAsync<JsonElement>($"/meta/insights/recent-insights/{campaign}?days=7", Ct)).GetProperty("timeline");
        Assert.Equal(2, entity.Days.Count);
        Assert.Equal(timeline.EnumerateArray().Select(d => (d.GetProperty("date_start").GetString(), Decimal(d.GetProperty("spend")))),
            entity.Days.Select(d => ((string?)d.DateStart, d.Spend)));
        Assert.Equal(entity.Days.Sum(d => decimal.Parse(d.Spend, CultureInfo.InvariantCulture)), decimal.Parse(entity.Totals.Spend, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Reads_AnotherTenantsEntity_NotFoundAndItsOverviewEmpty()
    {
        var campaign = await CampaignIdAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetEntityInsightsAsync(new GetEntityInsightsRequest { EntityId = campaign }, GrpcCalls.With(world.GlobexManager, Ct)).ResponseAsync);
        var overview = await Client.GetOverviewAsync(new GetOverviewRequest(), GrpcCalls.With(world.GlobexManager, Ct));
        var sync = await Assert.ThrowsAsync<RpcException>(() =>
            Client.SyncNowAsync(new SyncNowRequest { EntityIds = { campaign } }, GrpcCalls.With(world.GlobexManager, Ct)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(0, overview.TotalCampaigns);
        Assert.Equal(StatusCode.NotFound, sync.StatusCode);
    }

    [Fact]
    public async Task BadArguments_InvalidArgumentNamingTheField()
    {
        var days = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetOverviewAsync(new GetOverviewRequest { Days = 100_000 }, GrpcCalls.With(world.AcmeReader, Ct)).ResponseAsync);
        var type = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetEntityInsightsAsync(new GetEntityInsightsRequest { EntityId = "1", EntityType = "page" }, GrpcCalls.With(world.AcmeReader, Ct)).ResponseAsync);
        var daysBack = await Assert.ThrowsAsync<RpcException>(() =>
            Client.SyncNowAsync(new SyncNowRequest { DaysBack = -1 }, GrpcCalls.With(world.AcmeManager, Ct)).ResponseAsync);

        Assert.Equal(["days", "entity_type", "days_back"], new[] { days, type, daysBack }.Select(e =>
        {
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            return Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations).Field;
        }));
    }

    private static string Decimal(JsonElement value) => value.GetDecimal().ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using System.Net.Http.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>Before a module lands its tables do not exist: its section says so instead of failing.</summary>
public sealed class ModuleSectionsAbsentTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("media", "posts,media_files,alerts")]
    [InlineData("publishing", "publish_batches,publish_batch_clips")]
    [InlineData("insights", "meta_ad_insights,sync_runs")]
    public async Task GetSection_ModuleTablesAbsent_NotAvailableNamingThem(string section, string tables)
    {
        await using var node = await DashboardNode.StartAsync(database);

        var json = await node.AdminClient().GetFromJsonAsync<JsonElement>($"/api/dashboard/{section}", TestContext.Current.CancellationToken);

        Assert.False(json.GetProperty("available").GetBoolean());
        Assert.Equal(tables.Split(','), json.GetProperty("missingTables").EnumerateArray().Select(t => t.GetString()));
    }
}

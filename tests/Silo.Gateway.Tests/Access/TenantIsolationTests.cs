using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Gateway.Tests.Access;

/// <summary>
/// A tenant's key never reads or changes another tenant's posts, batches, insights or media stats. The
/// tests share one world: each either reads or checks that what it tries changes nothing.
/// </summary>
public sealed class TenantIsolationTests(SharedTenantWorld shared) : IClassFixture<SharedTenantWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/posts/", "post")]
    [InlineData("/meta/insights/overview", "name")]
    [InlineData("/meta/insights/export.csv?level=campaign", "campaign")]
    [InlineData("/api/metricool/batches", "batch")]
    public async Task List_OwnTenantsKey_ShowsOnlyOwnItems(string path, string ownMarker)
    {
        var world = shared.World;
        var (acme, globex) = (world.Tenants["acme"], world.Tenants["globex"]);

        var body = await world.Node.ClientWithKey(globex.Admin).GetStringAsync(path, Ct);

        Assert.Contains(Marker(globex, ownMarker), body);
        Assert.DoesNotContain("acme", body);
        Assert.DoesNotContain(acme.BatchId, body);
        Assert.DoesNotContain($",{acme.CampaignId},", body);
    }

    private static string Marker(TenantWorld.Tenant tenant, string kind) => kind switch
    {
        "post" => tenant.PostId,
        "campaign" => tenant.CampaignId,
        "batch" => tenant.BatchId,
        _ => tenant.Name,
    };

    [Fact]
    public async Task ActiveBatches_AnotherTenantsUser_Empty()
    {
        var world = shared.World;
        var (acme, globex) = (world.Tenants["acme"], world.Tenants["globex"]);
        const string acmeUser = "/api/metricool/batch/user-active?userId=2001";

        var own = await world.Node.ClientWithKey(acme.Reader).GetFromJsonAsync<JsonElement>(acmeUser, Ct);
        var other = await world.Node.ClientWithKey(globex.Reader).GetFromJsonAsync<JsonElement>(acmeUser, Ct);

        Assert.Equal([acme.BatchId], own.EnumerateArray().Select(b => b.GetProperty("batchId").GetString()));
        Assert.Equal(0, other.GetArrayLength());
    }

    [Fact]
    public async Task MediaStats_TenantKey_CountsOnlyItsOwnFilesAndPosts()
    {
        var world = shared.World;

        var globex = await world.Node.ClientWithKey(world.Tenants["globex"].Reader).GetFromJsonAsync<JsonElement>("/api/media/stats", Ct);
        var all = await world.Node.AdminClient().GetFromJsonAsync<JsonElement>("/api/media/stats", Ct);

        // Each tenant's post with its 100 or 200-byte photo, and its Patreon post with a 4-byte video whose transcript is stored
        // as text and WebVTT ("globex's transcript": 19 + 58 bytes; acme's: 17 + 56); a tenant's figures count its posts' files
        // and transcripts, the whole store's also each ad creative's 4-byte image (which adds a reference; a transcript does not).
        Assert.Equal((4, 281, 2), (globex.GetProperty("files").GetInt64(), globex.GetProperty("bytes").GetInt64(), globex.GetProperty("references").GetInt64()));
        Assert.Equal((2, 77), (globex.GetProperty("transcriptFiles").GetInt64(), globex.GetProperty("transcriptBytes").GetInt64()));
        // Its two posts with files and its spare post (no media), which the deletion route of the matrices deletes.
        Assert.Equal(3, globex.GetProperty("postsByStatus").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.Equal((10, 466, 6), (all.GetProperty("files").GetInt64(), all.GetProperty("bytes").GetInt64(), all.GetProperty("references").GetInt64()));
    }

    [Theory]
    [InlineData("GET", "/api/posts/{post}")]
    [InlineData("GET", "/api/metricool/status?batchId={batch}")]
    [InlineData("GET", "/meta/insights/campaign/{campaign}")]
    [InlineData("GET", "/meta/insights/sync-runs/{sync}")]
    [InlineData("POST", "/api/posts/{post}/retry")]
    [InlineData("POST", "/api/metricool/batches/{batch}/pause")]
    [InlineData("POST", "/api/metricool/batches/{batch}/cancel")]
    public async Task ById_AnotherTenantsItem_404AndUnchanged(string method, string template)
    {
        var world = shared.World;
        var (acme, globex) = (world.Tenants["acme"], world.Tenants["globex"]);
        var path = template.Replace("{post}", acme.PostId).Replace("{batch}", acme.BatchId)
            .Replace("{campaign}", acme.CampaignId).Replace("{sync}", acme.SyncId.ToString());
        var before = await StateAsync(world, acme);

        var response = await world.Node.ClientWithKey(globex.Admin).SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        // The answer may echo the id asked for, never what the item holds.
        Assert.DoesNotContain("acme's post", body);
        Assert.DoesNotContain("acme campaign", body);
        Assert.DoesNotContain("cdn.test/acme", body);
        Assert.Equal(before, await StateAsync(world, acme));
    }

    [Theory]
    [InlineData("/api/posts/", """{"postId":"x","source":"manual","tenant":"acme"}""", "tenant")]
    [InlineData("/api/media/instagram-accounts", """{"igUserId":"123","tenant":"acme"}""", "tenant")]
    [InlineData("/meta/insights/accounts", """{"account_id":"act_999","tenant":"acme"}""", "tenant")]
    public async Task Create_ForAnotherTenant_400NamingTenant(string path, string body, string field)
    {
        var world = shared.World;

        var response = await world.Node.ClientWithKey(world.Tenants["globex"].Admin)
            .PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ConnectInstagram_AccountTheOperatorGaveAnotherTenant_404EvenFirst()
    {
        var world = shared.World;
        var (acme, globex) = (world.Node.ClientWithKey(world.Tenants["acme"].Manager), world.Node.ClientWithKey(world.Tenants["globex"].Manager));
        var account = new { igUserId = world.Tenants["acme"].InstagramAccount };

        // globex asks first: ownership is the operator's (Silo:Tenants), never the first caller's.
        var first = await globex.PostAsJsonAsync("/api/media/instagram-accounts", account, Ct);
        var owner = await acme.PostAsJsonAsync("/api/media/instagram-accounts", account, Ct);
        var unlisted = await acme.PostAsJsonAsync("/api/media/instagram-accounts", new { igUserId = "17841400000000999" }, Ct);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Accepted, HttpStatusCode.NotFound), (first.StatusCode, owner.StatusCode, unlisted.StatusCode));
    }

    [Fact]
    public async Task Ingest_IdAnotherTenantHolds_404AndItsPostUnchanged()
    {
        var world = shared.World;
        var acme = world.Tenants["acme"];
        var before = await world.Database.ScalarAsync<string>("select tenant || '/' || coalesce(message, '') from posts where post_id = @id", ("id", acme.PostId));

        var response = await world.Node.ClientWithKey(world.Tenants["globex"].Manager).PostAsJsonAsync("/api/posts",
            new { source = "manual", postId = "acme-post", message = "globex was here" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("acme/acme's post", before);
        Assert.Equal(before, await world.Database.ScalarAsync<string>("select tenant || '/' || coalesce(message, '') from posts where post_id = @id", ("id", acme.PostId)));
    }

    [Fact]
    public async Task ConnectAdAccount_TokenRefOfAnotherTenantOrAConfigurationKey_400()
    {
        var world = shared.World;
        using var admin = world.Node.ClientWithKey(world.Tenants["acme"].Admin);

        var own = await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_100", token_ref = "meta" }, Ct);
        var key = await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_100", token_ref = "Silo:Tenants:globex:Tokens:meta" }, Ct);
        var cluster = await admin.PostAsJsonAsync("/meta/insights/accounts", new { account_id = "act_100", token_ref = "ConnectionStrings:Silo" }, Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (own.StatusCode, key.StatusCode, cluster.StatusCode));
        Assert.Equal("Silo:Tenants:acme:Tokens:meta", await world.Database.ScalarAsync<string>("select token_ref from ad_accounts where account_id = 'act_100'"));
    }

    [Fact]
    public async Task SyncNow_AnotherTenantsEntity_404()
    {
        var world = shared.World;
        var acme = world.Tenants["acme"];
        var runs = await world.Database.ScalarAsync<long>("select count(*) from sync_runs");

        var response = await world.Node.ClientWithKey(world.Tenants["globex"].Manager)
            .PostAsJsonAsync("/meta/insights/sync-now", new { entity_ids = new[] { acme.CampaignId } }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(runs, await world.Database.ScalarAsync<long>("select count(*) from sync_runs"));
    }

    /// <summary>What acme's post and batch look like to acme's own admin.</summary>
    private static async Task<string> StateAsync(TenantWorld world, TenantWorld.Tenant acme)
    {
        using var client = world.Node.ClientWithKey(acme.Admin);
        var post = await client.GetFromJsonAsync<JsonElement>($"/api/posts/{acme.PostId}", Ct);
        var batch = await client.GetFromJsonAsync<JsonElement>($"/api/metricool/status?batchId={acme.BatchId}", Ct);
        return $"{post.GetProperty("status")}/{post.GetProperty("attempts")}/{batch.GetProperty("status")}";
    }
}

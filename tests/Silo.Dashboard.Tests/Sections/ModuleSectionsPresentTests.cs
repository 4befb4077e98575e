using System.Net.Http.Json;
using System.Text.Json;
using Silo.Dashboard.Tests.Support;
using Silo.Testing;

namespace Silo.Dashboard.Tests.Sections;

/// <summary>
/// With tables shaped as issues 3, 4 and 5 describe them, each module section computes its figures.
/// The tables are created here (the modules are not in this branch); the lead aligns names at merge.
/// </summary>
public sealed class ModuleSectionsPresentTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await database.ExecuteAsync("""
            create table if not exists posts (post_id text primary key, status text not null, last_error jsonb, updated_at timestamptz not null default now());
            create table if not exists media_files (sha256 text primary key, size_bytes bigint not null, reference_count int not null);
            create table if not exists alerts (id serial primary key, raised_at timestamptz not null default now(), kind text, message text, resolved boolean not null default false);
            create table if not exists publish_batches (batch_id uuid primary key, status text not null, created_at timestamptz not null default now());
            create table if not exists publish_batch_clips (batch_id uuid not null, clip_index int not null, clip_title text, status text not null, error_msg text, primary key (batch_id, clip_index));
            create table if not exists meta_ad_insights (campaign_id text, adset_id text, ad_id text, entity_type text not null, date_start date not null,
                spend numeric, impressions bigint, clicks bigint, conversions bigint, revenue numeric);
            create table if not exists sync_runs (sync_id uuid primary key, started_at timestamptz not null, sync_type text, mode text,
                total_duration_seconds float8, success boolean, errors jsonb);
            truncate posts, media_files, alerts, publish_batches, publish_batch_clips, meta_ad_insights, sync_runs;
            """);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task GetMedia_PostsAndFiles_CountsBytesAndErrorRate()
    {
        await database.ExecuteAsync("""
            insert into posts values ('p1', 'success', null, now()), ('p2', 'success', null, now()), ('p3', 'error', '{"message":"timeout"}', now()),
                                     ('p4', 'pending', null, now()), ('p5', 'skipped', null, now());
            insert into media_files values ('h1', 1000, 3), ('h2', 500, 1);
            insert into alerts (kind, message) values ('error_rate', 'Error rate 33% over 20%');
            """);
        await using var node = await DashboardNode.StartAsync(database);

        var media = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/media", TestContext.Current.CancellationToken);

        Assert.True(media.GetProperty("available").GetBoolean());
        var posts = media.GetProperty("posts");
        Assert.Equal([2, 1, 1, 1], new[] { "archived", "pending", "failed", "skipped" }.Select(s => posts.GetProperty(s).GetInt32()));
        Assert.Equal(0.3333, media.GetProperty("error_rate").GetDouble());
        Assert.Equal(1500, media.GetProperty("storage").GetProperty("bytes_stored").GetDecimal());
        Assert.Equal(2000, media.GetProperty("storage").GetProperty("bytes_saved_by_dedup").GetDecimal());
        Assert.Contains("timeout", media.GetProperty("recent_failures")[0].GetProperty("error").GetString());
        Assert.Equal("error_rate", media.GetProperty("alerts")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task GetPublishing_ActiveBatch_ClipsInOrderAndUnconfirmedListed()
    {
        var batch = Guid.NewGuid();
        await database.ExecuteAsync("""
            insert into publish_batches values (@b, 'paused', now()), (gen_random_uuid(), 'completed', now());
            insert into publish_batch_clips values (@b, 0, 'one', 'published', null), (@b, 2, 'three', 'pending', null),
                                                   (@b, 1, 'two', 'unconfirmed', 'publish call timed out');
            """, ("b", batch));
        await using var node = await DashboardNode.StartAsync(database);

        var publishing = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/publishing", TestContext.Current.CancellationToken);

        var active = Assert.Single(publishing.GetProperty("active_batches").EnumerateArray());
        Assert.Equal(batch.ToString(), active.GetProperty("batch_id").GetString());
        Assert.Equal(["published", "unconfirmed", "pending"], active.GetProperty("clips").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
        var unconfirmed = Assert.Single(publishing.GetProperty("unconfirmed_clips").EnumerateArray());
        Assert.Equal(1, unconfirmed.GetProperty("clip_index").GetInt32());
    }

    [Fact]
    public async Task GetInsights_TwoPeriods_OverviewAgainstPreviousWithRatiosFromSums()
    {
        await database.ExecuteAsync("""
            insert into meta_ad_insights values
              ('c1', null, null, 'campaign', current_date - 1, 100, 10000, 200, 10, 300),
              ('c2', null, null, 'campaign', current_date - 2, 50, 5000, 100, 5, 50),
              ('c1', 'a1', null, 'adset', current_date - 1, 100, 10000, 200, 10, 300),
              ('c1', null, null, 'campaign', current_date - 9, 80, 8000, 100, 4, 160);
            insert into sync_runs values (gen_random_uuid(), now(), 'scheduled', 'stub', 1.5, true, '[]');
            """);
        await using var node = await DashboardNode.StartAsync(database);

        var insights = await node.AdminClient().GetFromJsonAsync<JsonElement>("/api/dashboard/insights", TestContext.Current.CancellationToken);

        var current = insights.GetProperty("current");
        Assert.Equal(150, current.GetProperty("spend").GetDouble());
        Assert.Equal(350, current.GetProperty("revenue").GetDouble());
        Assert.Equal(2.33, current.GetProperty("roas").GetDouble());
        Assert.Equal(2, current.GetProperty("ctr").GetDouble());
        Assert.Equal(80, insights.GetProperty("previous").GetProperty("spend").GetDouble());
        Assert.Equal("c1", insights.GetProperty("top_campaigns")[0].GetProperty("campaign_id").GetString());
        Assert.Equal(3, insights.GetProperty("daily").GetArrayLength());
        Assert.Equal("stub", insights.GetProperty("last_syncs")[0].GetProperty("mode").GetString());
    }
}

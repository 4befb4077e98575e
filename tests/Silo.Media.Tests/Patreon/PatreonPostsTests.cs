using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Media.Patreon;

namespace Silo.Media.Tests.Patreon;

/// <summary>What a Patreon post resource (API v2) becomes for its post grain, and the per-node phase slots.</summary>
public sealed class PatreonPostsTests
{
    [Fact]
    public void ToPost_ContentAndYouTubeEmbed_MediaInTheirSlotsAndTextAsMessage()
    {
        var post = PatreonPosts.Details(JsonDocument.Parse("""
            {"id":"901","type":"post","attributes":{"title":"Episode 9","url":"https://www.patreon.com/posts/901",
             "content":"<p>Notes &amp; links</p><p><img src=\"https://c10.patreonusercontent.com/a.png?token=1&amp;x=2\"></p><audio src=\"https://c10.patreonusercontent.com/e9.mp3\"></audio><img src=\"data:image/png;base64,AA\">",
             "embed_data":{"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","provider":"YouTube"},"embed_url":null,
             "published_at":"2025-11-07T10:00:00.000+02:00","is_public":false,"tiers":["77","78"]}}
            """).RootElement);

        var received = PatreonPosts.ToPost(post, "acme");

        Assert.Equal(("patreon", "901", "acme", "patreon_post"), (received.Source, received.SourcePostId, received.Tenant, received.ItemType));
        Assert.Equal("Episode 9\n\nNotes & links", received.Message);
        Assert.Equal("https://www.patreon.com/posts/901", received.Permalink);
        Assert.Equal([("image:0", "https://c10.patreonusercontent.com/a.png?token=1&x=2", "image"),
                ("attachment:1:audio", "https://c10.patreonusercontent.com/e9.mp3", "audio"),
                ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "video")],
            received.Media.Select(m => (m.Slot, m.Url, m.Kind)));
        Assert.Equal((new DateTimeOffset(2025, 11, 7, 8, 0, 0, TimeSpan.Zero), false), (post.PublishedAt, post.IsPublic));
        Assert.Equal(["77", "78"], post.Tiers);
    }

    [Fact]
    public void ToPost_OtherEmbed_KeptAsTheLinkNotDownloaded()
    {
        var post = PatreonPosts.Details(JsonDocument.Parse("""
            {"id":"902","type":"post","attributes":{"title":"Trailer","content":null,"embed_url":"https://vimeo.com/76979871",
             "embed_data":{"url":"https://vimeo.com/76979871","provider":"Vimeo"}}}
            """).RootElement);

        var received = PatreonPosts.ToPost(post, "acme");

        Assert.Empty(received.Media);
        Assert.Equal("Trailer\n\nhttps://vimeo.com/76979871", received.Message);
    }

    [Fact]
    public async Task EnterAsync_PhaseFull_NextStepWaitsForTheSlot()
    {
        var gate = new PatreonPhaseGate(Options.Create(new PatreonCrawlOptions { DetailsConcurrency = 1, ListConcurrency = 2 }));
        var ct = TestContext.Current.CancellationToken;

        var first = await gate.EnterAsync(PatreonCrawlPhase.Details, ct);
        var second = gate.EnterAsync(PatreonCrawlPhase.Details, ct);
        var list = await gate.EnterAsync(PatreonCrawlPhase.List, ct); // another phase's queue is not held up

        Assert.False(second.IsCompleted);
        Assert.Equal(2, gate.Busy);
        first.Dispose();
        (await second).Dispose();
        list.Dispose();
        Assert.Equal(0, gate.Busy);
    }
}

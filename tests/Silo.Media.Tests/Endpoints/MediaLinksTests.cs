using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Silo.Gateway.Media;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Media.Tests.Endpoints;

/// <summary>The expiring links to private files, on a fake clock: signed for one key, valid for the configured lifetime only.</summary>
public sealed class MediaLinksTests
{
    // From now: the protector checks the expiry on the machine's clock as well as on Silo's.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly MediaLinks _links;

    public MediaLinksTests() => _links = new MediaLinks(new EphemeralDataProtectionProvider(),
        Options.Create(new BlobStoreOptions { PrivateLinkLifetime = TimeSpan.FromMinutes(10) }), _clock);

    [Fact]
    public void Allows_WithinTheLifetime_TrueAndAfterItFalse()
    {
        var (key, token) = Signed("patreon", "ab/cd/video.mp4");

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True(_links.Allows(key, token));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(_links.Allows(key, token));
    }

    [Fact]
    public void Allows_TokenOfAnotherKeyOrTampered_False()
    {
        var (_, token) = Signed("patreon", "ab/cd/video.mp4");

        Assert.False(_links.Allows("ab/cd/other.mp4", token));
        Assert.False(_links.Allows("ab/cd/video.mp4", token[..^2] + (token[^2] == 'A' ? "BB" : "AA")));
        Assert.False(_links.Allows("ab/cd/video.mp4", null));
    }

    [Fact]
    public void Sign_PublicSourcesPost_LinksUnchanged()
    {
        var post = Post("facebook", "/media/ab/cd/photo.jpg");

        Assert.Same(post, _links.Sign(post));
    }

    private (string Key, string Token) Signed(string source, string key)
    {
        var url = _links.Sign(Post(source, $"/media/{key}")).Media[0].PublicUrl!;
        Assert.StartsWith($"/media/{key}?token=", url);
        return (key, url[(url.IndexOf('=') + 1)..]);
    }

    private static PostDetail Post(string source, string link) => new($"{source}:1", source, "1", "acme", null, null, null, "success", 1, null,
        null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, link, true,
        [new PostMediaView("video", "attachment", "video", "https://cdn.example/v.mp4", "download", "success", null, null, null, null, null, link,
            1, "video/mp4", null, null, null, null, null, false, 1)], null, []);
}

using Silo.Simulators.MetaCdn;

namespace Silo.Host.Demo;

/// <summary>
/// The demo ad account's creatives: stub mode shows every odd ad an image and every even ad a video, both with a
/// thumbnail, served by the demo's CDN simulator and archived by the ads' grains like any creative. The links are signed
/// with a fixed demo key and outlive the demo, so a node joining the demo (<c>--demo-join</c>) computes the same ones.
/// </summary>
internal static class DemoCreatives
{
    public const string Image = "demo-creative-image.png";
    public const string Video = "demo-creative-video.mp4";
    public const string Thumbnail = "demo-creative-thumbnail.png";

    /// <summary>Not a secret: it only lets the demo's own nodes link to the demo's own loopback CDN.</summary>
    private static readonly byte[] CdnKey = "silo-demo-cdn-signing-key-000000"u8.ToArray();

    private static readonly DateTimeOffset LinksExpire = new(2099, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The demo's CDN simulator, signing with the key every demo node knows, holding the creatives' files.</summary>
    public static MetaCdnSimulator Cdn()
    {
        var cdn = new MetaCdnSimulator(signingKey: CdnKey);
        cdn.AddFile(Image, DemoImages.Gradient(480, 270, seed: 4242), "image/png");
        cdn.AddFile(Thumbnail, DemoImages.Gradient(96, 54, seed: 4243), "image/png");
        cdn.AddFile(Video, SampleMedia.Video(Video, 48_000));
        return cdn;
    }

    /// <summary>The stub creatives' settings, for a node whose demo simulators run at <paramref name="simulators"/>.</summary>
    public static Dictionary<string, string?> Settings(Uri simulators)
    {
        var cdn = new Uri(simulators, "cdn");
        return new()
        {
            ["Silo:Insights:StubCreativeImageUrl"] = MetaCdnSimulator.SignedUrl(cdn, CdnKey, Image, LinksExpire),
            ["Silo:Insights:StubCreativeVideoUrl"] = MetaCdnSimulator.SignedUrl(cdn, CdnKey, Video, LinksExpire),
            ["Silo:Insights:StubCreativeThumbnailUrl"] = MetaCdnSimulator.SignedUrl(cdn, CdnKey, Thumbnail, LinksExpire),
        };
    }
}

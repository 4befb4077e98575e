using Silo.Media.Archiving;
using Silo.Media.Tests.Support;
using Silo.Simulators.MetaCdn;

namespace Silo.Media.Tests.Archiving;

/// <summary>Downloads through the guarded client from the CDN simulator on loopback. Each test uses its own file names and faults.</summary>
[Collection(nameof(MediaFetcherTests))]
public sealed class MediaFetcherTests(CdnFixture fixture) : IClassFixture<CdnFixture>, IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => fixture.Cdn.Faults.Reset();

    [Fact]
    public async Task DownloadAsync_Image_HashSizeTypeAndDimensions()
    {
        var png = TestMedia.Png(320, 200, 5000, seed: 11);
        fixture.Cdn.AddFile("ok.png", png, "image/png");
        using var fetcher = fixture.Fetcher();

        using var file = await fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("ok.png")), MediaKind.Image, Ct);

        Assert.Equal(TestMedia.Sha256(png), file.Sha256);
        Assert.Equal(png.Length, file.Size);
        Assert.Equal(("image/png", 320, 200), (file.MimeType, file.Width, file.Height));
        Assert.Equal(png, await File.ReadAllBytesAsync(file.TempPath, Ct));
    }

    [Fact]
    public async Task DownloadAsync_Video_DurationFrameSizeAndCodecs()
    {
        var mp4 = await RealMedia.BytesAsync("mp4");
        fixture.Cdn.AddFile("clip.mp4", mp4, "video/mp4");
        using var fetcher = fixture.Fetcher();

        using var file = await fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("clip.mp4")), MediaKind.Video, Ct);

        Assert.Equal(("video/mp4", 64, 48, 1.0, "h264", "aac"), (file.MimeType, file.Width, file.Height, file.DurationSeconds, file.VideoCodec, file.AudioCodec));
        Assert.Equal((mp4.Length, TestMedia.Sha256(mp4)), (file.Size, file.Sha256));
    }

    [Fact]
    public async Task DownloadAsync_VideoServedAsImage_RefusedAsMismatchAndFinal()
    {
        fixture.Cdn.AddFile("posing.jpg", await RealMedia.BytesAsync("mp4"), "image/jpeg");
        using var fetcher = fixture.Fetcher();

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("posing.jpg")), MediaKind.Video, Ct));

        Assert.Equal((DownloadFailureKind.Final, "content_mismatch"), (error.Kind, error.ErrorType));
        Assert.Equal("The file contradicts its declared type: declared image/jpeg, the bytes are video/mp4. Not retried: the same bytes would be refused again.",
            error.Message);
    }

    [Fact]
    public async Task DownloadAsync_LoopbackNotAllowedForTesting_RefusedBeforeConnecting()
    {
        fixture.Cdn.AddFile("guarded.png", TestMedia.Png(1, 1), "image/png");
        using var fetcher = fixture.Fetcher(allowLoopback: false);
        var url = fixture.Cdn.SignedUrl("guarded.png");

        var error = await Assert.ThrowsAsync<DownloadException>(() => fetcher.DownloadAsync(new Uri(url), MediaKind.Image, Ct));

        Assert.Equal((DownloadFailureKind.Final, "address_refused"), (error.Kind, error.ErrorType));
        Assert.Equal(0, fixture.Cdn.RequestCount("guarded.png"));
    }

    [Theory]
    [InlineData("http://127.0.0.2/latest/meta-data/")]       // loopback alias, not the allowed endpoint
    [InlineData("http://localhost:1/")]                    // another loopback port
    [InlineData("http://[::ffff:127.0.0.1]:80/")]          // IPv6-mapped loopback
    public async Task DownloadAsync_RedirectToLoopbackElsewhere_Refused(string target)
    {
        fixture.Cdn.AddFile("redirect.png", TestMedia.Png(1, 1), "image/png");
        fixture.Cdn.Faults.RedirectTo = target;
        using var fetcher = fixture.Fetcher(o => o.AllowedHosts = [fixture.Endpoint, "127.0.0.2", "localhost", "[::ffff:127.0.0.1]"]);

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("redirect.png")), MediaKind.Image, Ct));

        Assert.Equal(DownloadFailureKind.Final, error.Kind);
        Assert.Contains(error.ErrorType, new[] { "address_refused", "host_refused" });
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/a.png")]
    public async Task DownloadAsync_RedirectOffTheAllowList_RefusedWithoutLeavingLoopback(string target)
    {
        // These targets are not allow-listed, so the request is refused before any connection attempt.
        fixture.Cdn.AddFile("redirect2.png", TestMedia.Png(1, 1), "image/png");
        fixture.Cdn.Faults.RedirectTo = target;
        using var fetcher = fixture.Fetcher();

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("redirect2.png")), MediaKind.Image, Ct));

        Assert.Equal(DownloadFailureKind.Final, error.Kind);
        Assert.Contains(error.ErrorType, new[] { "host_refused", "scheme_refused" });
    }

    [Fact]
    public async Task DownloadAsync_TruncatedBody_TransientAndNothingLeft()
    {
        fixture.Cdn.AddFile("cut.png", TestMedia.Png(8, 8, 200_000, seed: 3), "image/png");
        fixture.Cdn.Faults.TruncateBodies = true;
        // This download's own temporary folder, so "nothing left" is about this download only.
        var temp = Directory.CreateTempSubdirectory("silo-fetcher-test-");
        try
        {
            using var fetcher = fixture.Fetcher(o => o.TempFolder = temp.FullName);

            var error = await Assert.ThrowsAsync<DownloadException>(() =>
                fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("cut.png")), MediaKind.Image, Ct));

            Assert.Equal((DownloadFailureKind.Transient, "truncated"), (error.Kind, error.ErrorType));
            Assert.True(fixture.Cdn.RequestCount("cut.png") == 1, "the truncated body was never requested, so nothing could have been written");
            Assert.Empty(temp.EnumerateFileSystemInfos());
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DownloadAsync_HtmlLabelledAsImage_Final()
    {
        fixture.Cdn.AddFile("html.jpg", TestMedia.Png(8, 8), "image/jpeg");
        fixture.Cdn.Faults.WrongContentType = true;
        using var fetcher = fixture.Fetcher();

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("html.jpg")), MediaKind.Image, Ct));

        Assert.Equal((DownloadFailureKind.Final, "content_unrecognised"), (error.Kind, error.ErrorType));
    }

    [Fact]
    public async Task DownloadAsync_OverTheImageCap_Final()
    {
        fixture.Cdn.AddFile("big.png", TestMedia.Png(8, 8, 4096), "image/png");
        fixture.Cdn.Faults.OversizeBytes = 20_000;
        using var fetcher = fixture.Fetcher(o => o.MaxImageBytes = 10_000);

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("big.png")), MediaKind.Image, Ct));

        Assert.Equal((DownloadFailureKind.Final, "too_large"), (error.Kind, error.ErrorType));
    }

    [Theory]
    [InlineData(503, DownloadFailureKind.Transient)]
    [InlineData(429, DownloadFailureKind.Transient)]
    [InlineData(404, DownloadFailureKind.Final)]
    public async Task DownloadAsync_ErrorStatus_ClassifiedForRetry(int status, DownloadFailureKind expected)
    {
        fixture.Cdn.AddFile($"status{status}.png", TestMedia.Png(8, 8), "image/png");
        fixture.Cdn.Faults.FailStatus = status;
        fixture.Cdn.Faults.FailCount = 1;
        using var fetcher = fixture.Fetcher();

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl($"status{status}.png")), MediaKind.Image, Ct));

        Assert.Equal((expected, $"http_{status}"), (error.Kind, error.ErrorType));
    }

    [Fact]
    public async Task DownloadAsync_ExpiredSignature_Expired()
    {
        fixture.Cdn.AddFile("old.png", TestMedia.Png(8, 8), "image/png");
        using var fetcher = fixture.Fetcher();

        var error = await Assert.ThrowsAsync<DownloadException>(() => fetcher.DownloadAsync(
            new Uri(fixture.Cdn.SignedUrl("old.png", DateTimeOffset.UtcNow.AddMinutes(-1))), MediaKind.Image, Ct));

        Assert.Equal((DownloadFailureKind.Expired, "http_403"), (error.Kind, error.ErrorType));
    }

    [Fact]
    public async Task DownloadAsync_ServerHangs_TransientTimeout()
    {
        fixture.Cdn.AddFile("slow.png", TestMedia.Png(8, 8), "image/png");
        fixture.Cdn.Faults.Hang = true;
        using var fetcher = fixture.Fetcher(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("slow.png")), MediaKind.Image, Ct));

        Assert.Equal((DownloadFailureKind.Transient, "timeout"), (error.Kind, error.ErrorType));
    }

    [Fact]
    public async Task DownloadAsync_BodyStallsHalfway_WaitsAndStoresTheWholeFile()
    {
        var png = TestMedia.Png(320, 200, 6000, seed: 71);
        fixture.Cdn.AddFile("stall.png", png, "image/png");
        fixture.Cdn.Faults.BodyStallMs = 600;
        using var fetcher = fixture.Fetcher();
        var stalledBefore = fixture.Cdn.StalledBodies;

        using var file = await fetcher.DownloadAsync(new Uri(fixture.Cdn.SignedUrl("stall.png")), MediaKind.Image, Ct);

        // The simulator's own count says the body was held halfway (no stopwatch: a slow machine changes nothing).
        Assert.Equal(1, fixture.Cdn.StalledBodies - stalledBefore);
        Assert.Equal(png, await File.ReadAllBytesAsync(file.TempPath, Ct));
    }
}

using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Archiving.Probing;

namespace Silo.Media.Tests.Archiving;

/// <summary>A node's limits on downloads and media tool runs at once, and the free-disk guard before a download.</summary>
public sealed class MediaWorkLimitsTests
{
    [Fact]
    public async Task DownloadAsync_DiskUnderTheMinimumFree_TransientDiskLowBeforeAnyRequest()
    {
        var options = Options.Create(new MediaOptions { MinFreeDiskBytes = long.MaxValue, AllowedHosts = ["cdn.test"] });
        using var limits = new MediaWorkLimits(options);
        using var fetcher = new MediaFetcher(options, limits: limits);

        // No server answers cdn.test: only the guard can end this download without a connection error.
        var error = await Assert.ThrowsAsync<DownloadException>(() =>
            fetcher.DownloadAsync(new Uri("https://cdn.test/a.jpg"), MediaKind.Image, TestContext.Current.CancellationToken));

        Assert.Equal(DownloadFailureKind.Transient, error.Kind);
        Assert.Equal("disk_low", error.ErrorType);
        Assert.Contains("Silo:Media:MinFreeDiskBytes", error.Message);
    }

    [Fact]
    public async Task ToolRun_NoPlaceLeft_StartsOnlyOnceOneIsGivenBack()
    {
        var ct = TestContext.Current.CancellationToken;
        using var limits = new MediaWorkLimits(Options.Create(new MediaOptions { MaxConcurrentToolRuns = 1 }));
        var marker = Path.Combine(Path.GetTempPath(), $"silo-tool-gate-{Guid.NewGuid():N}");
        var held = await MediaWorkLimits.EnterAsync(limits.Tools, ct);

        var waiting = ToolRunner.RunAsync("touch", [marker], TimeSpan.FromSeconds(30), ct, limits.Tools);
        // A whole run of another, ungated tool: long enough for the gated one to have started and finished had it not waited.
        await ToolRunner.RunAsync("true", [], TimeSpan.FromSeconds(30), ct);
        var ranWhileHeld = File.Exists(marker) || waiting.IsCompleted;
        held.Dispose();
        var result = await waiting;

        Assert.False(ranWhileHeld);
        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(marker));
        File.Delete(marker);
    }
}

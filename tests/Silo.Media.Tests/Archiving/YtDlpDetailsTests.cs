using Silo.Media.Archiving;

namespace Silo.Media.Tests.Archiving;

/// <summary>yt-dlp's info JSON read into a video's details: whether the uploader lets it be embedded decides seed 003's download_if_embed_fails.</summary>
public sealed class YtDlpDetailsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"silo-info-{Guid.NewGuid():N}.info.json");

    [Theory]
    [InlineData("""{ "title": "Talk", "playable_in_embed": false }""", false)]
    [InlineData("""{ "title": "Talk", "playable_in_embed": true }""", true)]
    [InlineData("""{ "title": "Talk" }""", null)]
    public async Task ReadDetails_PlayableInEmbed_ReadAsYtDlpSaysIt(string json, bool? expected)
    {
        await File.WriteAllTextAsync(_path, json, TestContext.Current.CancellationToken);

        var details = await YtDlpDownloader.ReadDetailsAsync(_path, TestContext.Current.CancellationToken);

        Assert.Equal(("Talk", expected), (details.Title, details.PlayableInEmbed));
    }

    public void Dispose() => File.Delete(_path);
}

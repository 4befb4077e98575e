using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Posts;

namespace Silo.Media.Tests.Posts;

/// <summary>The display-image decision alone: nothing here connects anywhere.</summary>
public sealed class DisplayImageTests
{
    private static DisplayImage Display(params string[] extraHosts) =>
        new(Options.Create(new MediaOptions { AllowedHosts = ["fbcdn.net", "cdninstagram.com", .. extraHosts] }));

    private static DisplayCandidate Original(string url, string status = "pending", string role = "picture", string? error = null) =>
        new("picture", role, "image", url, status, null, null, error);

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("http://scontent.xx.fbcdn.net/v/a.jpg")]
    [InlineData("https://evil.example/a.jpg")]
    [InlineData("https://fbcdn.net.evil.example/a.jpg")]
    [InlineData("https://user:secret@scontent.xx.fbcdn.net/v/a.jpg")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("//scontent.xx.fbcdn.net/v/a.jpg")]
    [InlineData("not a url")]
    public void Choose_OriginalNotHttpsOnAllowedHost_NoImageWithReason(string url)
    {
        var choice = Display().Choose([Original(url)]);

        Assert.Null(choice.Url);
        Assert.False(choice.HasLocalImage);
        Assert.StartsWith("Not archived, and ", choice.NoImageReason);
    }

    [Fact]
    public void Choose_AllowListNamesPrivateAddressExactly_NoImage()
    {
        var choice = Display("169.254.169.254:443", "10.0.0.5:443").Choose([
            Original("https://169.254.169.254/latest/meta-data/"), Original("https://10.0.0.5/a.jpg", role: "full_picture")]);

        Assert.Null(choice.Url);
        Assert.Equal("Not archived, and its link names an address outside the public internet.", choice.NoImageReason);
    }

    [Theory]
    [InlineData("address_refused", "Refused to connect to scontent.xx.fbcdn.net: it resolves to a private network address.")]
    [InlineData("http_404", "The CDN answered 404.")]
    public void Choose_OriginalFailedForGood_NoImageWithTheError(string _, string error)
    {
        var choice = Display().Choose([Original("https://scontent.xx.fbcdn.net/v/a.jpg?oe=7FFFFFFF", status: "error", error: error)]);

        Assert.Null(choice.Url);
        Assert.Equal($"The download failed for good ({error}), so its link is not shown.", choice.NoImageReason);
    }

    [Fact]
    public void Choose_HttpsOnAllowedHostNotYetArchived_OriginalShown()
    {
        const string url = "https://scontent.xx.fbcdn.net/v/a.jpg?oe=7FFFFFFF";

        var choice = Display().Choose([Original(url)]);

        Assert.Equal(new DisplayImageChoice(url, false, null), choice);
    }

    [Fact]
    public void Choose_RefusedPictureAndSafeLaterImage_LaterImageShown()
    {
        const string safe = "https://scontent.cdninstagram.com/v/b.jpg";

        var choice = Display().Choose([
            Original("http://169.254.169.254/latest/meta-data/"),
            new DisplayCandidate("attachment:1", "attachment", "image", safe, "pending", null, null, null)]);

        Assert.Equal(safe, choice.Url);
    }

    [Fact]
    public void Choose_LocalPictureAndOriginal_LocalShown()
    {
        var choice = Display().Choose([
            new DisplayCandidate("full_picture", "full_picture", "image", "https://scontent.xx.fbcdn.net/v/full.jpg", "success", "/media/ab/full.png", "image/png", null),
            new DisplayCandidate("picture", "picture", "image", "https://scontent.xx.fbcdn.net/v/a.jpg", "success", "/media/cd/a.png", "image/png", null)]);

        Assert.Equal(new DisplayImageChoice("/media/cd/a.png", true, null), choice);
    }

    [Fact]
    public void Choose_LocalImageOfRefusedPost_LocalShownNotTheRefusedLink()
    {
        var choice = Display().Choose([
            Original("file:///etc/passwd"),
            new DisplayCandidate("attachment:1", "attachment", "image", "https://scontent.xx.fbcdn.net/v/b.jpg", "success", "/media/ef/b.jpg", "image/jpeg", null)]);

        Assert.Equal(new DisplayImageChoice("/media/ef/b.jpg", true, null), choice);
    }

    [Fact]
    public void Choose_NoImages_NoImageWithReason()
    {
        var choice = Display().Choose([new DisplayCandidate("video", "video", "video", "https://scontent.xx.fbcdn.net/v/a.mp4", "pending", null, null, null)]);

        Assert.Equal(new DisplayImageChoice(null, false, "The post has no image."), choice);
    }
}

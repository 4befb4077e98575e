using Microsoft.Extensions.Options;
using Silo.Gateway.Dashboard;
using Silo.Media.BlobStores;

namespace Silo.Dashboard.Tests.Dashboard;

public sealed class DashboardContentPolicyTests
{
    [Theory]
    [InlineData("/media/ab/cd/x.png", null)]
    [InlineData("https://project.supabase.co/storage/v1/object/public/meta-webhooks/ab/x.png", "https://project.supabase.co")]
    [InlineData("https://media.example.org:8443/bucket/x.png", "https://media.example.org:8443")]
    [InlineData("http://127.0.0.1:9000/meta-webhooks/x.png", "http://127.0.0.1:9000")]
    [InlineData("https://user:secret@media.example.org/x.png", null)]
    [InlineData("file:///etc/passwd", null)]
    [InlineData("javascript:alert(1)", null)]
    public void StoreOrigin_PublicUrl_OriginOnlyForAWebStore(string publicUrl, string? expected)
    {
        Assert.Equal(expected, DashboardContentPolicy.StoreOrigin(publicUrl));
    }

    [Fact]
    public void Build_StoreOrigin_ImagesAndVideosOnlyFromHereAndTheStore()
    {
        var policy = DashboardContentPolicy.Build("https://project.supabase.co");

        Assert.Contains("img-src 'self' https://project.supabase.co data:;", policy);
        Assert.Contains("media-src 'self' https://project.supabase.co;", policy);
        Assert.Contains("default-src 'self';", policy);
        Assert.DoesNotContain("*", policy);
        Assert.DoesNotContain("https:;", policy);
    }

    [Theory]
    [InlineData("sas", "https://acct.blob.core.windows.net")] // /media/… redirects to the container with a signature
    [InlineData("public", "https://acct.blob.core.windows.net")]
    public void Header_AzureStore_AllowsTheContainersOrigin(string urlMode, string origin)
    {
        var store = new AzureBlobStore(Options.Create(new BlobStoreOptions
        {
            Backend = "azure",
            Azure = new AzureBlobOptions { AccountUrl = "https://acct.blob.core.windows.net", AccountKey = Convert.ToBase64String(new byte[64]), UrlMode = urlMode },
        }));

        Assert.Contains($"img-src 'self' {origin} data:;", new DashboardContentPolicy(store).Header);
    }

    [Fact]
    public void Strict_SignInForm_NoMediaAtAll()
    {
        Assert.Contains("media-src 'none'", DashboardContentPolicy.Strict);
        Assert.Contains("img-src 'self' data:;", DashboardContentPolicy.Strict);
    }
}

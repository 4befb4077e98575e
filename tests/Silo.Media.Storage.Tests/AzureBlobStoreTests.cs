using System.Net;
using Azure.Storage;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Testing;

namespace Silo.Media.Storage.Tests;

/// <summary>The Azure Blob store: the contract against a real Azure-compatible server (azurite on loopback), its URLs and its error answers.</summary>
public sealed class AzureBlobStoreTests : BlobStoreContract
{
    private ToolServer? _server;

    private string AccountUrl => $"http://127.0.0.1:{_server!.Port}/{ToolServer.AzuriteAccount}";

    private static AzureBlobStore AzureStore(string accountUrl, string urlMode = "public", string container = "meta-webhooks",
        string publicBaseUrl = "/media") => new(Options.Create(new BlobStoreOptions
    {
        Backend = "azure", PublicBaseUrl = publicBaseUrl,
        Azure = new AzureBlobOptions
        {
            AccountUrl = accountUrl, AccountKey = ToolServer.AzuriteKey, Container = container, UrlMode = urlMode,
            BlockSizeBytes = 256 * 1024, // small blocks, so the contract's files span several
        },
    }));

    protected override async Task<IBlobStore> StartStoreAsync()
    {
        _server = await ToolServer.StartAzuriteAsync();
        return AzureStore(AccountUrl);
    }

    protected override async ValueTask StopStoreAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private BlobContainerClient Container(string name) =>
        new(new Uri($"{AccountUrl}/{name}"), new StorageSharedKeyCredential(ToolServer.AzuriteAccount, ToolServer.AzuriteKey));

    [Fact]
    public async Task PutFileAsync_ContainerMissing_CreatedPrivateAndBlobStored()
    {
        var store = AzureStore(AccountUrl, container: "fresh-container");
        Assert.False((await Container("fresh-container").ExistsAsync(Ct)).Value);

        await store.PutFileAsync("a/b.png", await FileWithAsync([4, 5, 6]), "image/png", Ct);

        var container = Container("fresh-container");
        Assert.True((await container.ExistsAsync(Ct)).Value);
        Assert.True((await container.GetPropertiesAsync(cancellationToken: Ct)).Value.PublicAccess is null or Azure.Storage.Blobs.Models.PublicAccessType.None);
        var properties = (await container.GetBlobClient("a/b.png").GetPropertiesAsync(cancellationToken: Ct)).Value;
        Assert.Equal("image/png", properties.ContentType);
        Assert.Equal("public, max-age=31536000, immutable", properties.CacheControl);
    }

    [Fact]
    public void PublicUrl_PublicMode_TheBlobsOwnUrl()
    {
        Assert.Equal($"{AccountUrl}/meta-webhooks/acme/publicaciones_meta/100200_101.jpg",
            Store.PublicUrl("acme/publicaciones_meta/100200_101.jpg"));
        Assert.Equal("https://cdn.example.test/m/x.png", AzureStore(AccountUrl, publicBaseUrl: "https://cdn.example.test/m/").PublicUrl("x.png"));
    }

    [Fact]
    public async Task SignedUrl_SasMode_ReadableWithoutCredentialsWhileTheBareUrlIsNot()
    {
        var store = AzureStore(AccountUrl, urlMode: "sas");
        await store.PutFileAsync("private/x.png", await FileWithAsync([7, 7, 7]), "image/png", Ct);
        using var anonymous = new HttpClient();

        var signed = store.SignedUrl("private/x.png", DateTimeOffset.UtcNow);
        var bare = await anonymous.GetAsync($"{AccountUrl}/meta-webhooks/private/x.png", Ct);

        Assert.Equal("/media/private/x.png", store.PublicUrl("private/x.png"));
        Assert.Contains("sig=", signed.Query);
        Assert.Contains("sp=r", signed.Query);
        Assert.Equal([7, 7, 7], await anonymous.GetByteArrayAsync(signed, Ct));
        Assert.False(bare.IsSuccessStatusCode);
    }

    [Fact]
    public async Task PutFileAsync_ServerAnswers507_StoreFull()
    {
        await using var server = await StoreErrorServer.StartAsync(507, "InsufficientStorage", "The account has no space left.");
        var store = AzureStore($"{server.Address}{ToolServer.AzuriteAccount}");
        var source = await FileWithAsync([1, 2, 3]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => store.PutFileAsync("ab/full.png", source, "image/png", Ct));

        Assert.IsType<BlobStoreFullException>(error);
        Assert.Contains("507", error.Message);
    }

    [Fact]
    public async Task PutFileAsync_InsufficientAccountPermissions_StoreUnavailableNotFull()
    {
        // 403 InsufficientAccountPermissions means writes are not allowed for this account, not that it is out of space.
        await using var server = await StoreErrorServer.StartAsync((int)HttpStatusCode.Forbidden, "InsufficientAccountPermissions",
            "Write operations are not allowed.");
        var store = AzureStore($"{server.Address}{ToolServer.AzuriteAccount}");
        var source = await FileWithAsync([1, 2, 3]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => store.PutFileAsync("ab/x.png", source, "image/png", Ct));

        Assert.IsType<BlobStoreUnavailableException>(error);
    }
}

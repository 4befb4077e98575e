using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Testing;

namespace Silo.Media.Storage.Tests;

/// <summary>The S3 store: the contract against a real S3-compatible server (s3rver on loopback), and its error answers.</summary>
public sealed class S3BlobStoreTests : BlobStoreContract
{
    private ToolServer? _server;

    private static S3BlobStore S3Store(string serviceUrl, string bucket = "meta-webhooks") => new(Options.Create(new BlobStoreOptions
    {
        Backend = "S3", ServiceUrl = serviceUrl, Bucket = bucket, AccessKeyId = "S3RVER", SecretAccessKey = "S3RVER",
        PublicBaseUrl = "https://cdn.example.test/media",
    }));

    protected override async Task<IBlobStore> StartStoreAsync()
    {
        _server = await ToolServer.StartS3rverAsync("meta-webhooks");
        return S3Store($"http://127.0.0.1:{_server.Port}");
    }

    protected override async ValueTask StopStoreAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task PutFileAsync_NewKey_ServedFromTheBucketUnderThePublicBase()
    {
        await Store.PutFileAsync("ab/cd/abcd.png", await FileWithAsync([9, 8, 7, 6]), "image/png", Ct);

        Assert.Equal("https://cdn.example.test/media/ab/cd/abcd.png", Store.PublicUrl("ab/cd/abcd.png"));
        using var http = new HttpClient();
        Assert.Equal([9, 8, 7, 6], await http.GetByteArrayAsync($"http://127.0.0.1:{_server!.Port}/meta-webhooks/ab/cd/abcd.png", Ct));
    }

    [Fact]
    public async Task PutFileAsync_MissingBucket_StoreUnavailableNotFull()
    {
        using var store = S3Store($"http://127.0.0.1:{_server!.Port}", "no-such-bucket");
        var source = await FileWithAsync([1]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => store.PutFileAsync("x.png", source, "image/png", Ct));

        Assert.IsType<BlobStoreUnavailableException>(error);
    }

    [Theory]
    [InlineData(507, "XMinioStorageFull", true)]               // MinIO: drives below their free-space threshold
    [InlineData(400, "XMinioAdminBucketQuotaExceeded", true)]  // MinIO: the bucket's quota
    [InlineData(403, "QuotaExceeded", true)]                   // Ceph RGW: user or bucket quota
    [InlineData(507, "InsufficientStorage", true)]             // any other 507
    [InlineData(403, "AccessDenied", false)]
    [InlineData(400, "EntityTooLarge", false)]                 // too big for one PUT is not a full store
    public async Task PutFileAsync_ErrorAnswer_StoreFullOnlyForFullOrQuotaAnswers(int status, string code, bool full)
    {
        await using var server = await StoreErrorServer.StartAsync(status, code, "The store refused the object.");
        using var store = S3Store(server.Address.ToString().TrimEnd('/'));
        var source = await FileWithAsync([1, 2, 3]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => store.PutFileAsync("ab/x.png", source, "image/png", Ct));

        Assert.Equal(full ? typeof(BlobStoreFullException) : typeof(BlobStoreUnavailableException), error.GetType());
        Assert.Contains(code, error.Message);
    }
}

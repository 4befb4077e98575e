using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Simulators;
using Silo.Simulators.SupabaseStorage;

namespace Silo.Media.Storage.Tests;

/// <summary>The Supabase store: the contract against the Supabase Storage simulator on loopback, its bucket, its links and its error answers.</summary>
public sealed class SupabaseBlobStoreTests : BlobStoreContract
{
    private const string ServiceKey = "test-supabase-service-key-7c1d";

    private readonly SupabaseStorageSimulator _supabase = new(ServiceKey);
    private SimulatorServer? _server;

    private string ProjectUrl => $"{_server!.Address}supabase";

    private SupabaseBlobStore SupabaseStore(string bucket = "meta-webhooks", string key = ServiceKey, string publicBaseUrl = "/media") =>
        new(Options.Create(new BlobStoreOptions
        {
            Backend = "supabase", PublicBaseUrl = publicBaseUrl,
            Supabase = new SupabaseStorageOptions { Url = ProjectUrl, Key = key, Bucket = bucket },
        }));

    protected override async Task<IBlobStore> StartStoreAsync()
    {
        _server = await SimulatorServer.StartAsync(app => app.MapSupabaseStorageSimulator("/supabase", _supabase));
        return SupabaseStore();
    }

    protected override async ValueTask StopStoreAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _supabase.Dispose();
    }

    [Fact]
    public async Task PutFileAsync_BucketMissing_CreatedPublicAndTheObjectOpensAtItsPublicUrl()
    {
        using var store = SupabaseStore(bucket: "fresh-bucket");
        Assert.Null(_supabase.Bucket("fresh-bucket"));
        var source = await FileWithAsync([4, 5, 6, 7]);

        await store.PutFileAsync("acme/publicaciones_meta/100200_101.png", source, "image/png", Ct);

        Assert.True(_supabase.Bucket("fresh-bucket")?.Public);
        var stored = _supabase.Object("fresh-bucket", "acme/publicaciones_meta/100200_101.png");
        Assert.NotNull(stored);
        Assert.Equal(("image/png", "public, max-age=31536000, immutable", 4L), (stored.ContentType, stored.CacheControl, stored.Size));
        var url = store.PublicUrl("acme/publicaciones_meta/100200_101.png");
        Assert.Equal($"{ProjectUrl}/storage/v1/object/public/fresh-bucket/acme/publicaciones_meta/100200_101.png", url);
        using var anonymous = new HttpClient();
        Assert.Equal([4, 5, 6, 7], await anonymous.GetByteArrayAsync(url, Ct));
    }

    [Fact]
    public async Task PutFileAsync_AnyFile_SentWithUpsertKeyAndDeclaredLengthNotChunked()
    {
        var bytes = RandomBytes(300_000, seed: 41);

        await Store.PutFileAsync("ab/cd/upsert.mp4", await FileWithAsync(bytes), "video/mp4", Ct);

        var upload = Assert.Single(_supabase.Requests, r => r.Operation == "upload");
        Assert.Equal(("POST", "/supabase/storage/v1/object/meta-webhooks/ab/cd/upsert.mp4"), (upload.Method, upload.Path));
        Assert.Equal(("true", 300_000L, "video/mp4", 200), (upload.Upsert, upload.ContentLength, upload.ContentType, upload.Status));
        Assert.All(_supabase.Requests, r => Assert.True(r.Authorized));
    }

    [Fact]
    public async Task PutFileAsync_BucketAlreadyThereAndPublic_UsedAsItIs()
    {
        Assert.True(_supabase.AddBucket("meta-webhooks", isPublic: true));

        await Store.PutFileAsync("x/y.png", await FileWithAsync([1]), "image/png", Ct);

        Assert.DoesNotContain(_supabase.Requests, r => r is { Method: "POST", Operation: "bucket" });
        Assert.NotNull(_supabase.Object("meta-webhooks", "x/y.png"));
    }

    [Fact]
    public async Task PutFileAsync_BucketPrivate_StoreUnavailableSayingWhyNothingStored()
    {
        Assert.True(_supabase.AddBucket("meta-webhooks", isPublic: false));
        var source = await FileWithAsync([1]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => Store.PutFileAsync("x/y.png", source, "image/png", Ct));

        Assert.IsType<BlobStoreUnavailableException>(error);
        Assert.Contains("meta-webhooks is private", error.Message);
        Assert.Empty(_supabase.Objects("meta-webhooks"));
    }

    [Fact]
    public void PublicUrl_PublicBaseUrlSet_UnderIt() =>
        Assert.Equal("https://cdn.example.test/m/a/b.png", SupabaseStore(publicBaseUrl: "https://cdn.example.test/m/").PublicUrl("a/b.png"));

    [Theory]
    [InlineData(507, "InsufficientStorage", false, true)]  // Storage's own answer: HTTP 400, the 507 in the body
    [InlineData(507, "InsufficientStorage", true, true)]   // a gateway in front answering 507 itself
    [InlineData(403, "QuotaExceeded", false, true)]
    [InlineData(413, "EntityTooLarge", false, false)]      // one file over the size limit is not a full store
    [InlineData(403, "AccessDenied", false, false)]
    [InlineData(500, "InternalError", false, false)]
    [InlineData(429, "SlowDown", true, false)]
    public async Task PutFileAsync_ErrorAnswer_StoreFullOnlyForFullOrQuotaAnswers(int status, string code, bool httpStatusAsIs, bool full)
    {
        _supabase.Faults.CopyFrom(new SupabaseStorageFaults
        {
            FailStatus = status, FailCode = code, FailMessage = "The store refused the object.", HttpStatusAsIs = httpStatusAsIs, FailCount = -1, FailOnly = "upload",
        });
        var source = await FileWithAsync([1, 2, 3]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => Store.PutFileAsync("ab/x.png", source, "image/png", Ct));

        Assert.Equal(full ? typeof(BlobStoreFullException) : typeof(BlobStoreUnavailableException), error.GetType());
        Assert.Contains($"{status} {code}", error.Message);
        Assert.Contains(_supabase.Requests, r => r.Operation == "upload" && r.Status == (httpStatusAsIs ? status : status == 500 ? 500 : 400));
    }

    [Fact]
    public async Task ExistsAsync_ServerError_StoreUnavailableNotAbsent()
    {
        _supabase.Faults.CopyFrom(new SupabaseStorageFaults { FailStatus = 500, FailCount = -1, FailOnly = "read" });

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => Store.ExistsAsync("ab/x.png", Ct));

        Assert.Contains("500 InternalError", error.Message);
        await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => Store.OpenReadAsync("ab/x.png", Ct));
    }

    [Fact]
    public async Task PutFileAsync_WrongKey_StoreUnavailableWithoutEitherKeyInTheMessage()
    {
        const string wrong = "not-the-service-key-93ab";
        using var store = SupabaseStore(key: wrong);
        var source = await FileWithAsync([1]);

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => store.PutFileAsync("ab/x.png", source, "image/png", Ct));

        Assert.IsType<BlobStoreUnavailableException>(error);
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.DoesNotContain(ServiceKey, error.ToString());
    }
}

using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;

namespace Silo.Media.Tests.BlobStores;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"silo-fs-{Guid.NewGuid():N}");
    private readonly string _source = Path.GetTempFileName();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FileSystemBlobStore Store() => new(Options.Create(new BlobStoreOptions { Root = _root }));

    [Fact]
    public async Task PutFileAsync_NewKey_StoredAndServedUnderMedia()
    {
        await File.WriteAllBytesAsync(_source, [1, 2, 3], Ct);
        var store = Store();

        await store.PutFileAsync("ab/cd/abcd.png", _source, "image/png", Ct);

        Assert.True(await store.ExistsAsync("ab/cd/abcd.png", Ct));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_root, "ab/cd/abcd.png"), Ct));
        Assert.Equal("/media/ab/cd/abcd.png", store.PublicUrl("ab/cd/abcd.png"));
        Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories)); // no temporary file left
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("ab/../../escape.png")]
    [InlineData("/etc/passwd")]
    [InlineData("ab\\..\\x.png")]
    public void TryResolve_PathLeavingTheRoot_Null(string key) => Assert.Null(Store().TryResolve(key));

    [Fact]
    public async Task PutFileAsync_RootIsAFile_StoreUnavailable()
    {
        await File.WriteAllBytesAsync(_source, [1], Ct);
        await File.WriteAllBytesAsync(_root, [0], Ct); // the store's folder cannot be created

        await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => Store().PutFileAsync("ab/x.png", _source, "image/png", Ct));
    }

    public void Dispose()
    {
        File.Delete(_source);
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        else File.Delete(_root);
    }
}

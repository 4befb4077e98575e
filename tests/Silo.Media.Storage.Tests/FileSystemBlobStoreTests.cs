using Microsoft.Extensions.Options;
using Silo.Media.BlobStores;
using Silo.Testing;

namespace Silo.Media.Storage.Tests;

/// <summary>The filesystem store: the contract, plus what only a local folder has (paths, ENOSPC).</summary>
public sealed class FileSystemBlobStoreTests : BlobStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"silo-fs-{Guid.NewGuid():N}");

    private FileSystemBlobStore FileStore(string? root = null) => new(Options.Create(new BlobStoreOptions { Root = root ?? _root }));

    protected override Task<IBlobStore> StartStoreAsync() => Task.FromResult<IBlobStore>(FileStore());

    protected override ValueTask StopStoreAsync()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        else File.Delete(_root);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PutFileAsync_NewKey_ServedUnderMediaWithNoTemporaryFileLeft()
    {
        await Store.PutFileAsync("ab/cd/abcd.png", await FileWithAsync([1, 2, 3]), "image/png", Ct);

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_root, "ab/cd/abcd.png"), Ct));
        Assert.Equal("/media/ab/cd/abcd.png", Store.PublicUrl("ab/cd/abcd.png"));
        Assert.Single(Directory.GetFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("ab/../../escape.png")]
    [InlineData("/etc/passwd")]
    [InlineData("ab\\..\\x.png")]
    public void TryResolve_PathLeavingTheRoot_Null(string key) => Assert.Null(FileStore().TryResolve(key));

    [Fact]
    public async Task PutFileAsync_RootIsAFile_StoreUnavailableNotFull()
    {
        var source = await FileWithAsync([1]);
        await File.WriteAllBytesAsync(_root, [0], Ct); // the store's folder cannot be created

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() => FileStore().PutFileAsync("ab/x.png", source, "image/png", Ct));

        Assert.IsType<BlobStoreUnavailableException>(error);
    }

    [Fact]
    public async Task PutFileAsync_DiskFull_StoreFullAndNoPartialFileLeft()
    {
        await using var disk = await TinyDisk.MountAsync(sizeBytes: 1024 * 1024);
        var source = await FileWithAsync(RandomBytes(2 * 1024 * 1024, seed: 28)); // twice the disk

        var error = await Assert.ThrowsAnyAsync<BlobStoreUnavailableException>(() =>
            FileStore(disk.Path).PutFileAsync("ab/cd/big.mp4", source, "video/mp4", Ct));

        Assert.IsType<BlobStoreFullException>(error);
        Assert.Equal(28, Assert.IsAssignableFrom<IOException>(error.InnerException).HResult); // ENOSPC
        Assert.Empty(Directory.GetFiles(disk.Path, "*", SearchOption.AllDirectories));
    }
}

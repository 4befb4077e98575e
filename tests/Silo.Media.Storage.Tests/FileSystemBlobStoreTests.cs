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

    [Fact]
    public async Task DeleteAsync_LastFileOfItsFolders_FoldersGoToo_OthersAndTheRootStay()
    {
        await Store.PutFileAsync("exports/e1/part-0001.zip", await FileWithAsync([1]), "application/zip", Ct);
        await Store.PutFileAsync("exports/e1/part-0002.zip", await FileWithAsync([2]), "application/zip", Ct);
        await Store.PutFileAsync("exports/e2/part-0001.zip", await FileWithAsync([3]), "application/zip", Ct);

        await Store.DeleteAsync("exports/e1/part-0001.zip", Ct);
        Assert.True(Directory.Exists(Path.Combine(_root, "exports/e1"))); // still holds part 2
        await Store.DeleteAsync("exports/e1/part-0002.zip", Ct);
        Assert.False(Directory.Exists(Path.Combine(_root, "exports/e1")));
        Assert.True(Directory.Exists(Path.Combine(_root, "exports/e2")));
        await Store.DeleteAsync("exports/e2/part-0001.zip", Ct);

        Assert.False(Directory.Exists(Path.Combine(_root, "exports")));
        Assert.True(Directory.Exists(_root));
    }

    [Fact]
    public async Task PutFileAsync_WhileDeletesEmptyTheSameFolder_EveryPutLands()
    {
        // Writers that each put a file and delete it again, in one folder: it is emptied (and removed) over and over
        // between another writer's making it and writing into it.
        var source = await FileWithAsync([7, 7, 7]);
        async Task WriterAsync(int writer)
        {
            for (var i = 0; i < 300; i++)
            {
                await Store.PutFileAsync($"ab/cd/{writer}-{i}.png", source, "image/png", Ct);
                Assert.True(await Store.ExistsAsync($"ab/cd/{writer}-{i}.png", Ct));
                await Store.DeleteAsync($"ab/cd/{writer}-{i}.png", Ct);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => WriterAsync(w), Ct)));

        Assert.False(Directory.Exists(Path.Combine(_root, "ab")));
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

using System.Diagnostics;
using System.Security.Cryptography;
using Silo.Media.BlobStores;

namespace Silo.Media.Storage.Tests;

/// <summary>Large uploads measure this process's memory, so their classes run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(BlobStoreContractCollection), DisableParallelization = true)]
public sealed class BlobStoreContractCollection;

/// <summary>
/// What every blob store promises (filesystem, S3, Azure), each against a real server: put, exists, read back the same
/// bytes, replace, delete, list, and a 200 MB file streamed up without being held in memory.
/// </summary>
[Collection(nameof(BlobStoreContractCollection))]
public abstract class BlobStoreContract : IAsyncLifetime
{
    // Many blocks and parts (Azure 4 MB blocks, S3 parts), and several times the bound: a whole-file buffer could not hide.
    private const long LargeFileBytes = 96L * 1024 * 1024;
    private const long MemoryBound = 32L * 1024 * 1024; // a whole-file buffer would add 96 MB

    private readonly List<string> _files = [];
    private IBlobStore? _store;
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IBlobStore Store => _store ?? throw new InvalidOperationException("not started");

    /// <summary>Starts the backend's server (if any) and returns a store on it.</summary>
    protected abstract Task<IBlobStore> StartStoreAsync();

    protected abstract ValueTask StopStoreAsync();

    public async ValueTask InitializeAsync() => _store = await StartStoreAsync();

    [Fact]
    public async Task PutFileAsync_NewKey_ExistsAndReadsBackByteIdentical()
    {
        var bytes = RandomBytes(1_300_000, seed: 1); // several Azure blocks in the Azure subclass
        const string key = "ab/cd/abcdef.png";

        Assert.False(await Store.ExistsAsync(key, Ct));
        await Store.PutFileAsync(key, await FileWithAsync(bytes), "image/png", Ct);

        Assert.True(await Store.ExistsAsync(key, Ct));
        Assert.Equal(bytes, await ReadAllAsync(key));
    }

    [Fact]
    public async Task PutFileAsync_ReadableKeyWithFolders_StoredUnderThatName()
    {
        var bytes = RandomBytes(5000, seed: 2);
        const string key = "acme/publicaciones_meta/100200_101.jpg";

        await Store.PutFileAsync(key, await FileWithAsync(bytes), "image/jpeg", Ct);

        Assert.Equal(bytes, await ReadAllAsync(key));
        Assert.EndsWith("acme/publicaciones_meta/100200_101.jpg", Store.PublicUrl(key));
    }

    [Fact]
    public async Task PutFileAsync_KeyAlreadyStored_ReplacedByTheNewBytes()
    {
        const string key = "replace/me.bin";
        await Store.PutFileAsync(key, await FileWithAsync(RandomBytes(3000, seed: 3)), "application/octet-stream", Ct);
        var second = RandomBytes(2000, seed: 4);

        await Store.PutFileAsync(key, await FileWithAsync(second), "application/octet-stream", Ct);

        Assert.Equal(second, await ReadAllAsync(key));
    }

    [Fact]
    public async Task PutFileAsync_EmptyFile_StoredEmpty()
    {
        await Store.PutFileAsync("empty/file.txt", await FileWithAsync([]), "text/plain", Ct);

        Assert.True(await Store.ExistsAsync("empty/file.txt", Ct));
        Assert.Empty(await ReadAllAsync("empty/file.txt"));
    }

    [Fact]
    public async Task OpenReadAsync_NothingStored_Null()
    {
        Assert.Null(await Store.OpenReadAsync("no/such/key.png", Ct));
    }

    [Fact]
    public async Task DeleteAsync_StoredKey_GoneAndDeletingAgainIsHarmless()
    {
        const string key = "gone/soon.png";
        await Store.PutFileAsync(key, await FileWithAsync(RandomBytes(100, seed: 5)), "image/png", Ct);

        await Store.DeleteAsync(key, Ct);
        await Store.DeleteAsync(key, Ct);

        Assert.False(await Store.ExistsAsync(key, Ct));
        Assert.Null(await Store.OpenReadAsync(key, Ct));
    }

    [Fact]
    public async Task DeleteAsync_KeyInAFolderNeverWritten_Harmless()
    {
        var key = $"never-{Guid.NewGuid():N}/000001.tar";

        await Store.DeleteAsync(key, Ct);

        Assert.False(await Store.ExistsAsync(key, Ct));
    }

    [Fact]
    public async Task ListAsync_ObjectsInFoldersAndAtTheTop_EachListedOnceWithItsSize()
    {
        Assert.Empty(await ListedAsync());
        await Store.PutFileAsync("ab/cd/one.png", await FileWithAsync(RandomBytes(1200, seed: 6)), "image/png", Ct);
        await Store.PutFileAsync("ab/cd/two.png", await FileWithAsync(RandomBytes(700, seed: 7)), "image/png", Ct);
        await Store.PutFileAsync("ab/ef/three.mp4", await FileWithAsync(RandomBytes(300, seed: 8)), "video/mp4", Ct);
        await Store.PutFileAsync("top.txt", await FileWithAsync(RandomBytes(5, seed: 9)), "text/plain", Ct);
        await Store.DeleteAsync("ab/cd/two.png", Ct);

        Assert.Equal(["ab/cd/one.png:1200", "ab/ef/three.mp4:300", "top.txt:5"], await ListedAsync());
    }

    private async Task<List<string>> ListedAsync()
    {
        var listed = new List<string>();
        await foreach (var stored in Store.ListAsync(Ct)) listed.Add($"{stored.Key}:{stored.Size}");
        listed.Sort(StringComparer.Ordinal);
        return listed;
    }

    [Fact]
    public async Task PutFileAsync_96MegabyteFile_StreamedWithBoundedLiveMemoryAndReadsBackIdentical()
    {
        var (path, sha256) = await LargeFileAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var managedPeak = managedBefore;
        using var sampling = new CancellationTokenSource();
        // Live managed memory, collected first so garbage between collections does not count, sampled while the upload runs:
        // a whole-file buffer would hold 96 MB live for the whole upload. The process's working set is not checked here (other
        // classes run beside this one in the process); the video benchmark measures a node's resident memory end to end.
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            try { while (await timer.WaitForNextTickAsync(sampling.Token)) managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(forceFullCollection: true)); }
            catch (OperationCanceledException) { }
        }, Ct);

        await Store.PutFileAsync("large/96mb.mp4", path, "video/mp4", Ct);
        await sampling.CancelAsync();
        await sampler;
        managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(forceFullCollection: true));

        TestContext.Current.TestOutputHelper?.WriteLine($"{GetType().Name}: managed +{(managedPeak - managedBefore) / 1048576.0:0.0} MB");
        Assert.InRange(managedPeak - managedBefore, long.MinValue, MemoryBound);
        await using var stored = await Store.OpenReadAsync("large/96mb.mp4", Ct);
        Assert.NotNull(stored);
        Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stored, Ct)));
    }

    protected async Task<string> FileWithAsync(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        _files.Add(path);
        await File.WriteAllBytesAsync(path, bytes, Ct);
        return path;
    }

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, Ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>96 MB of seeded random bytes written 1 MiB at a time, and their SHA-256.</summary>
    private async Task<(string Path, string Sha256)> LargeFileAsync()
    {
        var path = Path.GetTempFileName();
        _files.Add(path);
        var chunk = new byte[1024 * 1024];
        var random = new Random(200);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            for (long written = 0; written < LargeFileBytes; written += chunk.Length)
            {
                random.NextBytes(chunk);
                hash.AppendData(chunk);
                await file.WriteAsync(chunk, Ct);
            }
        return (path, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public async ValueTask DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        await StopStoreAsync();
        foreach (var file in _files) File.Delete(file);
        GC.SuppressFinalize(this);
    }
}

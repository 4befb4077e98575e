using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace Silo.Media.BlobStores;

/// <summary>
/// Media in a local folder, served by the gateway at <c>/media/…</c>. A file is copied into a
/// temporary name beside its destination and renamed into place, so a reader never sees half a file
/// and a crash leaves at most a stray temporary file.
/// </summary>
public sealed class FileSystemBlobStore(IOptions<BlobStoreOptions> options) : IBlobStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Root);
    private readonly string _publicBase = options.Value.PublicBaseUrl.TrimEnd('/');

    public string Name => "filesystem";

    public string Root => _root;

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public async Task PutFileAsync(string key, string filePath, string contentType, CancellationToken cancellationToken)
    {
        var destination = PathOf(key);
        var temporary = $"{destination}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var source = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            await using (var target = CreateInFolder(temporary))
                await source.CopyToAsync(target, 81920, cancellationToken);
            File.Move(temporary, destination, overwrite: true); // a put repeated after a crash replaces its own twin
        }
        catch (IOException e) when (StorageFullAnswers.IsDiskFull(e))
        {
            TryDelete(temporary); // gives back the space the partial copy took
            throw new BlobStoreFullException($"The filesystem store at {_root} is full: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new BlobStoreUnavailableException($"The filesystem store at {_root} could not take {key}: {e.Message}", e);
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        // A missing file is not an error, nor is a missing folder (File.Delete throws for that one): an export stopped before
        // its first segment deletes parts in a folder never made.
        var path = PathOf(key);
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Folders are only a key's prefix, as in an object store: the last file deleted from one takes it (and its emptied
    /// parents, never the root) with it, so a deleted post or an expired export leaves no empty folder behind.
    /// </summary>
    private void RemoveEmptyFolders(string folder)
    {
        lock (_folders)
            while (folder.Length > _root.Length && folder.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                try { Directory.Delete(folder, recursive: false); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; } // not empty, or gone already
                folder = Path.GetDirectoryName(folder)!;
            }
    }

    /// <summary>
    /// The put's temporary file, its folders made first. Under the same lock as <see cref="RemoveEmptyFolders"/>: once
    /// the file exists its folder is not empty and stays, but between making the folder and the file a delete emptying
    /// it would take it away. Another node sharing the folder takes no lock of ours: a folder gone under the put is made
    /// again, a few times at most (a file in the folder's path fails every time).
    /// </summary>
    private FileStream CreateInFolder(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        lock (_folders)
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Directory.CreateDirectory(folder);
                    return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                }
                catch (IOException) when (attempt < 3 && !Directory.Exists(folder)) { }
            }
    }

    private readonly Lock _folders = new();

    /// <summary>Every file under the root; a put's temporary twin (<c>{name}.{guid}.tmp</c>) is no object and is left out.</summary>
    public async IAsyncEnumerable<StoredObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_root)) yield break;
        foreach (var path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsTemporary(path)) continue;
            long size;
            try { size = new FileInfo(path).Length; }
            catch (FileNotFoundException) { continue; } // deleted since the folder was read
            yield return new StoredObject(Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'), size);
        }
        await Task.CompletedTask;
    }

    private static bool IsTemporary(string path)
    {
        if (!path.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        var name = Path.GetFileNameWithoutExtension(path);
        var dot = name.LastIndexOf('.');
        return dot >= 0 && name.Length - dot - 1 == 32 && Guid.TryParseExact(name[(dot + 1)..], "N", out _);
    }

    public string PublicUrl(string key) => $"{_publicBase}/{key}";

    /// <summary>The file for <paramref name="key"/>, or null when the key would leave the store's folder.</summary>
    public string? TryResolve(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains('\\') || key.Contains('\0')) return null;
        var full = Path.GetFullPath(Path.Combine(_root, key));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private string PathOf(string key) => TryResolve(key) ?? throw new ArgumentException($"'{key}' is not a valid storage key.", nameof(key));

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

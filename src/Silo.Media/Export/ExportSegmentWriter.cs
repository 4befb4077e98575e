using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Hosting.Hosting;
using Silo.Media.BlobStores;
using Silo.Media.Posts;

namespace Silo.Media.Export;

/// <summary>
/// Writes an export's segments into the blob store. A segment is a tar of some posts (each post's JSON, as the API shows it
/// with its transcripts, and its stored files beside it) written to a temporary file, never held in memory, and stored under
/// <see cref="ExportIds.SegmentKey"/> without tar's end blocks, so segments laid back to back read as one archive; its
/// manifest lines are stored beside it. The end adds <c>SHA256SUMS</c> (every segment's lines), a README and tar's end.
/// Writing a segment again (after a crash) replaces the same objects with the same content.
/// </summary>
public sealed class ExportSegmentWriter(MediaQueries posts, IBlobStore store, [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    /// <summary>The same options as the API's answers, indented for a person reading the file.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private const int CopyBuffer = 81920;

    /// <summary>What a segment held: posts, files, and its size in the archive.</summary>
    public sealed record Written(int Posts, int Files, long Bytes);

    public async Task<Written> WriteSegmentAsync(string exportId, int number, IReadOnlyList<string> postIds, CancellationToken cancellationToken)
    {
        var tarPath = TempPath(exportId, number);
        var sumsPath = tarPath + ".sha256";
        try
        {
            int written = 0, files = 0;
            long size;
            await using (var tar = NewFile(tarPath))
            await using (var sums = new StreamWriter(NewFile(sumsPath), new UTF8Encoding(false)))
            {
                var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
                foreach (var id in postIds)
                {
                    if (await posts.GetAsync(id, cancellationToken) is not { } post) continue; // gone since it was listed
                    var folder = ArchiveNames.PostFolder(post.Source, post.SourcePostId);
                    var json = JsonSerializer.SerializeToUtf8Bytes(post, Json);
                    await AddAsync(writer, sums, $"{folder}/post.json", new MemoryStream(json), Convert.ToHexStringLower(SHA256.HashData(json)), cancellationToken);
                    foreach (var item in post.Media)
                    {
                        if (item.Status != MediaItemStatus.Success || item.StorageKey is null) continue;
                        if (await AddStoredAsync(writer, sums, $"{folder}/{ArchiveNames.FileName(item.Slot, item.StorageKey)}", item.StorageKey, tarPath, cancellationToken))
                            files++;
                    }
                    written++;
                }
                // The entries end here; what the writer adds on disposal is tar's end, which only the archive's last part carries.
                await tar.FlushAsync(cancellationToken);
                size = tar.Position;
                await writer.DisposeAsync();
                tar.SetLength(size);
            }
            await store.PutFileAsync(ExportIds.SegmentKey(exportId, number), tarPath, "application/x-tar", cancellationToken);
            await store.PutFileAsync(ExportIds.SumsKey(exportId, number), sumsPath, "text/plain", cancellationToken);
            return new Written(written, files, size);
        }
        finally
        {
            File.Delete(tarPath);
            File.Delete(sumsPath);
        }
    }

    /// <summary>The archive's last part: <c>SHA256SUMS</c> from every segment's lines, a README, and tar's two end blocks. Its size.</summary>
    public async Task<long> WriteEndAsync(string exportId, int segments, ExportState export, CancellationToken cancellationToken)
    {
        var tarPath = TempPath(exportId, 0);
        var sumsPath = tarPath + ".sha256";
        try
        {
            long size;
            await using (var sums = NewFile(sumsPath))
                for (var n = 1; n <= segments; n++)
                {
                    await using var lines = await store.OpenReadAsync(ExportIds.SumsKey(exportId, n), cancellationToken)
                        ?? throw new InvalidOperationException($"Segment {n}'s manifest ({ExportIds.SumsKey(exportId, n)}) is missing from the store.");
                    await lines.CopyToAsync(sums, CopyBuffer, cancellationToken);
                }
            await using (var tar = NewFile(tarPath))
            {
                await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
                {
                    var readme = Encoding.UTF8.GetBytes(Readme(exportId, export));
                    await writer.WriteEntryAsync(Entry(ArchiveNames.Readme, new MemoryStream(readme)), cancellationToken);
                    await using var manifest = File.OpenRead(sumsPath);
                    await writer.WriteEntryAsync(Entry(ArchiveNames.Manifest, manifest), cancellationToken);
                }
                size = tar.Length;
            }
            await store.PutFileAsync(ExportIds.EndKey(exportId), tarPath, "application/x-tar", cancellationToken);
            return size;
        }
        finally
        {
            File.Delete(tarPath);
            File.Delete(sumsPath);
        }
    }

    /// <summary>A stored file copied to a temporary file while hashed (a store's stream may not seek, and tar needs the size first).</summary>
    private async Task<bool> AddStoredAsync(TarWriter writer, StreamWriter sums, string name, string key, string tarPath, CancellationToken cancellationToken)
    {
        var copyPath = tarPath + ".file";
        try
        {
            string sha256;
            await using (var source = await store.OpenReadAsync(key, cancellationToken))
            {
                if (source is null) return false; // the post's JSON still lists it; the manifest holds only what the archive holds
                await using var copy = NewFile(copyPath);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[CopyBuffer];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            await using var data = File.OpenRead(copyPath);
            await AddAsync(writer, sums, name, data, sha256, cancellationToken);
            return true;
        }
        finally
        {
            File.Delete(copyPath);
        }
    }

    private async Task AddAsync(TarWriter writer, StreamWriter sums, string name, Stream data, string sha256, CancellationToken cancellationToken)
    {
        await writer.WriteEntryAsync(Entry(name, data), cancellationToken);
        await sums.WriteAsync(ArchiveNames.ManifestLine(sha256, name));
    }

    private PaxTarEntry Entry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data, ModificationTime = time.GetUtcNow(),
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
    };

    private static string Readme(string exportId, ExportState export) => $"""
        Silo export {exportId} of tenant {export.Tenant}
        Source: {export.Source ?? "all"}; created from {export.From?.ToString("O") ?? "the first post"} to {export.To?.ToString("O") ?? "the last"}.

        posts/<source>/<post id>/post.json   the post as Silo's API shows it (fields, media metadata, transcripts)
        posts/<source>/<post id>/<slot>.<ext> each archived file of the post, named after its media slot
        SHA256SUMS                           the SHA-256 of every file above: check them with `sha256sum -c SHA256SUMS`

        A file shared by several posts is written under each of them.

        """;

    private static FileStream NewFile(string path) =>
        new(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, CopyBuffer, FileOptions.Asynchronous);

    private static string TempPath(string exportId, int number) =>
        Path.Combine(Path.GetTempPath(), $"silo-export-{exportId}-{number}-{Guid.NewGuid():N}.tar");
}

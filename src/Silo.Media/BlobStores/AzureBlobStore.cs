using System.Runtime.CompilerServices;
using System.Buffers;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;

namespace Silo.Media.BlobStores;

/// <summary>
/// Media in an Azure Blob container. A file goes up as a block blob, one block read and staged at a
/// time and the list committed last, so an upload holds one block in memory whatever the file's size,
/// and a crash before the commit leaves no visible blob (uncommitted blocks expire on their own).
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    private readonly BlobContainerClient _container;
    private readonly AzureBlobOptions _azure;
    private readonly string? _publicBase;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _containerReady;

    public AzureBlobStore(IOptions<BlobStoreOptions> options)
    {
        var storage = options.Value;
        _azure = storage.Azure;
        var service = string.IsNullOrWhiteSpace(_azure.ConnectionString)
            ? new BlobServiceClient(new Uri(_azure.AccountUrl!), new StorageSharedKeyCredential(AccountName(_azure), _azure.AccountKey))
            : new BlobServiceClient(_azure.ConnectionString);
        _container = service.GetBlobContainerClient(_azure.Container);
        // "/media" is the filesystem default; for Azure an unset base means the container's own URL.
        _publicBase = string.IsNullOrWhiteSpace(storage.PublicBaseUrl) || (storage.PublicBaseUrl == "/media" && !_azure.SignsUrls)
            ? null
            : storage.PublicBaseUrl.TrimEnd('/');
    }

    public string Name => "azure";

    /// <summary>True when links go through the gateway's <c>/media/{key}</c> and a fresh SAS URL (<c>UrlMode=sas</c>).</summary>
    public bool SignsUrls => _azure.SignsUrls;

    /// <summary>The container's URL, where signed links point (for the pages' Content-Security-Policy).</summary>
    public string ContainerUrl => _container.Uri.ToString();

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await _container.GetBlobClient(key).ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException e)
        {
            throw new BlobStoreUnavailableException($"Azure container {_container.Name} could not be read: {e.Message}", e);
        }
    }

    public async Task PutFileAsync(string key, string filePath, string contentType, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_azure.BlockSizeBytes);
        try
        {
            await EnsureContainerAsync(cancellationToken);
            var blob = _container.GetBlockBlobClient(key);
            var blocks = new List<string>();
            await using var source = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            int length;
            while ((length = await source.ReadAtLeastAsync(buffer.AsMemory(0, _azure.BlockSizeBytes), _azure.BlockSizeBytes, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                // Block ids must all have the same length within a blob.
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(blocks.Count.ToString("D6", CultureInfo.InvariantCulture)));
                using var block = new MemoryStream(buffer, 0, length, writable: false);
                await blob.StageBlockAsync(id, block, new BlockBlobStageBlockOptions(), cancellationToken);
                blocks.Add(id);
            }
            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "public, max-age=31536000, immutable" },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (StorageFullAnswers.IsFull(e))
        {
            throw new BlobStoreFullException($"Azure container {_container.Name} is full ({e.Status} {e.ErrorCode}): {e.Message}", e);
        }
        catch (Exception e) when (e is RequestFailedException or IOException)
        {
            throw new BlobStoreUnavailableException($"Azure container {_container.Name} could not take {key}: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.GetBlobClient(key).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw new BlobStoreUnavailableException($"Azure container {_container.Name} could not be read: {e.Message}", e);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new BlobStoreUnavailableException($"Azure container {_container.Name} could not delete {key}: {e.Message}", e);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var pages = _container.GetBlobsAsync(cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await pages.MoveNextAsync();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                yield break; // no container yet: nothing stored
            }
            catch (RequestFailedException e)
            {
                throw new BlobStoreUnavailableException($"Azure container {_container.Name} could not be listed: {e.Message}", e);
            }
            if (!more) yield break;
            foreach (var blob in pages.Current.Values) yield return new StoredObject(blob.Name, blob.Properties.ContentLength ?? 0);
        }
    }

    /// <summary>Public mode: the object's own URL (or under <c>PublicBaseUrl</c>). SAS mode: the gateway's <c>/media/{key}</c>,
    /// which hands out a freshly signed URL (<see cref="SignedUrl"/>), so a stored link never expires.</summary>
    public string PublicUrl(string key) =>
        _publicBase is { } prefix ? $"{prefix}/{key}" : _container.GetBlobClient(key).Uri.ToString();

    /// <summary>A read-only SAS URL for <paramref name="key"/>, valid for <c>SasLifetime</c> from <paramref name="now"/>.</summary>
    public Uri SignedUrl(string key, DateTimeOffset now) =>
        _container.GetBlobClient(key).GenerateSasUri(BlobSasPermissions.Read, now + _azure.SasLifetime);

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady) return;
        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (_containerReady) return;
            await _container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
            _containerReady = true;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary><c>https://{account}.blob.core.windows.net</c> names the account in its host; an emulator's
    /// <c>http://127.0.0.1:10000/{account}</c> in its first path segment.</summary>
    private static string AccountName(AzureBlobOptions azure)
    {
        if (!string.IsNullOrWhiteSpace(azure.AccountName)) return azure.AccountName;
        var url = new Uri(azure.AccountUrl!);
        return url.HostNameType == UriHostNameType.Dns && !url.IsLoopback
            ? url.Host.Split('.')[0]
            : url.AbsolutePath.Trim('/').Split('/')[0];
    }
}

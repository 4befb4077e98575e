using System.Runtime.CompilerServices;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Silo.Media.BlobStores;

/// <summary>Media in an S3-compatible bucket (Supabase Storage's S3 endpoint, AWS, MinIO, R2), uploaded from the downloaded file.</summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly BlobStoreOptions _options;

    public S3BlobStore(IOptions<BlobStoreOptions> options)
    {
        _options = options.Value;
        // Checksums only when an operation requires them: many S3-compatible servers (Supabase, older
        // MinIO, R2, s3rver) do not understand the SDK's default trailing-checksum uploads.
        var config = new AmazonS3Config
        {
            ForcePathStyle = _options.ForcePathStyle,
            AuthenticationRegion = _options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(_options.ServiceUrl)) config.ServiceURL = _options.ServiceUrl;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_options.Region);
        _s3 = string.IsNullOrEmpty(_options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(_options.AccessKeyId, _options.SecretAccessKey), config);
    }

    public string Name => "s3";

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(_options.Bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
        {
            throw new BlobStoreUnavailableException($"S3 bucket {_options.Bucket} could not be read: {e.Message}", e);
        }
    }

    public async Task PutFileAsync(string key, string filePath, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                FilePath = filePath,
                ContentType = contentType,
                UseChunkEncoding = false, // aws-chunked bodies are stored verbatim by some S3-compatible servers
                Headers = { CacheControl = "public, max-age=31536000, immutable" },
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (StorageFullAnswers.IsFull(e))
        {
            throw new BlobStoreFullException($"S3 bucket {_options.Bucket} is full ({(int)e.StatusCode} {e.ErrorCode}): {e.Message}", e);
        }
        catch (AmazonServiceException e)
        {
            throw new BlobStoreUnavailableException($"S3 bucket {_options.Bucket} could not take {key} ({(int)e.StatusCode} {e.ErrorCode}): {e.Message}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new BlobStoreUnavailableException($"S3 bucket {_options.Bucket} could not take {key}: {e.Message}", e);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _s3.GetObjectAsync(_options.Bucket, key, cancellationToken);
            return response.ResponseStream; // disposing the stream releases the response
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
        {
            throw new BlobStoreUnavailableException($"S3 bucket {_options.Bucket} could not be read: {e.Message}", e);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.DeleteObjectAsync(_options.Bucket, key, cancellationToken); // S3 answers 204 for a missing key too
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
        {
            throw new BlobStoreUnavailableException($"S3 bucket {_options.Bucket} could not delete {key}: {e.Message}", e);
        }
    }

    public async IAsyncEnumerable<StoredObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, MaxKeys = 1000 };
        while (true)
        {
            ListObjectsV2Response page;
            try
            {
                page = await _s3.ListObjectsV2Async(request, cancellationToken);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException)
            {
                throw new BlobStoreUnavailableException($"S3 bucket {_options.Bucket} could not be listed: {e.Message}", e);
            }
            foreach (var stored in page.S3Objects ?? []) yield return new StoredObject(stored.Key, stored.Size ?? 0);
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken)) yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public string PublicUrl(string key) =>
        string.IsNullOrWhiteSpace(_options.PublicBaseUrl) || _options.PublicBaseUrl == "/media"
            ? $"{_options.ServiceUrl?.TrimEnd('/')}/{_options.Bucket}/{key}"
            : $"{_options.PublicBaseUrl.TrimEnd('/')}/{key}";

    public void Dispose() => _s3.Dispose();
}

using System.Runtime.CompilerServices;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Silo.Media.BlobStores;

/// <summary>
/// Media in a Supabase Storage bucket through Storage's own HTTP API, as seed 000 stores it: the project URL and service key
/// (<c>SUPABASE_URL</c>, <c>SUPABASE_KEY</c>), uploads with upsert, public links, and the bucket created public when missing.
/// A file goes up as the request body read from disk as it is sent, never whole in memory.
/// </summary>
public sealed class SupabaseBlobStore : IBlobStore, IDisposable
{
    private const string CacheControl = "public, max-age=31536000, immutable";

    private readonly HttpClient _http;
    private readonly SupabaseStorageOptions _supabase;
    private readonly string _storageUrl;
    private readonly string? _publicBase;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _bucketReady;

    public SupabaseBlobStore(IOptions<BlobStoreOptions> options)
    {
        var storage = options.Value;
        _supabase = storage.Supabase;
        _storageUrl = $"{_supabase.Url!.TrimEnd('/')}/storage/v1";
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(_storageUrl + "/"),
            Timeout = _supabase.RequestTimeout,
        };
        // Both headers carry the key, as Supabase's own clients send it: the gateway checks apikey, Storage the bearer token.
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _supabase.Key);
        _http.DefaultRequestHeaders.Add("apikey", _supabase.Key);
        // "/media" is the filesystem default; for Supabase an unset base means the bucket's own public URL.
        _publicBase = string.IsNullOrWhiteSpace(storage.PublicBaseUrl) || storage.PublicBaseUrl == "/media" ? null : storage.PublicBaseUrl.TrimEnd('/');
    }

    public string Name => "supabase";

    private string Bucket => _supabase.Bucket;

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync($"object/info/authenticated/{Bucket}/{PathOf(key)}", HttpCompletionOption.ResponseHeadersRead,
                cancellationToken);
            if (response.IsSuccessStatusCode) return true;
            var error = await SupabaseStorageError.ReadAsync(response, cancellationToken);
            return error.IsNotFound ? false : throw Unavailable("could not be read", error);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw new BlobStoreUnavailableException($"Supabase bucket {Bucket} could not be read: {e.Message}", e);
        }
    }

    public async Task PutFileAsync(string key, string filePath, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureBucketAsync(cancellationToken);
            await using var file = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var content = new StreamContent(file, 81920);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            content.Headers.ContentLength = file.Length;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"object/{Bucket}/{PathOf(key)}") { Content = content };
            request.Headers.Add("x-upsert", "true"); // seed 000's upsert: a put repeated after a crash replaces its own twin
            request.Headers.TryAddWithoutValidation("Cache-Control", CacheControl); // Storage keeps it and serves it with the object
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode) return;
            var error = await SupabaseStorageError.ReadAsync(response, cancellationToken);
            if (StorageFullAnswers.IsFull(error))
                throw new BlobStoreFullException($"Supabase bucket {Bucket} is full ({error})");
            throw Unavailable($"could not take {key}", error);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw new BlobStoreUnavailableException($"Supabase bucket {Bucket} could not take {key}: {e.Message}", e);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.GetAsync($"object/authenticated/{Bucket}/{PathOf(key)}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
                return await response.Content.ReadAsStreamAsync(cancellationToken); // disposing the stream releases the connection
            var error = await SupabaseStorageError.ReadAsync(response, cancellationToken);
            response.Dispose();
            if (error.IsNotFound) return null;
            throw Unavailable("could not be read", error);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            response?.Dispose();
            throw new BlobStoreUnavailableException($"Supabase bucket {Bucket} could not be read: {e.Message}", e);
        }
    }

    /// <summary>Removes by the bulk route, which answers the objects it removed (none for a key with nothing stored).</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"object/{Bucket}") { Content = JsonContent.Create(new { prefixes = new[] { key } }) };
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return;
            var error = await SupabaseStorageError.ReadAsync(response, cancellationToken);
            if (!error.IsNotFound) throw Unavailable($"could not delete {key}", error); // no bucket: nothing stored either
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw new BlobStoreUnavailableException($"Supabase bucket {Bucket} could not delete {key}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Walks the bucket through Storage's list route (<c>POST /object/list/{bucket}</c>), which answers one folder level a page
    /// at a time: an entry with an id is an object (its size in <c>metadata.size</c>), one without is a folder, walked in turn.
    /// </summary>
    public async IAsyncEnumerable<StoredObject> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folders = new Stack<string>([""]);
        while (folders.TryPop(out var folder))
            for (var offset = 0; ; offset += ListPage)
            {
                var entries = await ListFolderAsync(folder, offset, cancellationToken);
                if (entries is null) yield break; // no bucket yet: nothing stored
                foreach (var entry in entries)
                {
                    var path = folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}";
                    if (entry.Id is null) folders.Push(path);
                    else yield return new StoredObject(path, entry.Metadata?.Size ?? 0);
                }
                if (entries.Count < ListPage) break;
            }
    }

    private const int ListPage = 1000;

    private async Task<List<SupabaseListEntry>?> ListFolderAsync(string folder, int offset, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync($"object/list/{Bucket}",
                new { prefix = folder, limit = ListPage, offset, sortBy = new { column = "name", order = "asc" } }, cancellationToken);
            if (response.IsSuccessStatusCode)
                return await response.Content.ReadFromJsonAsync<List<SupabaseListEntry>>(cancellationToken) ?? [];
            var error = await SupabaseStorageError.ReadAsync(response, cancellationToken);
            return error.IsNotFound ? null : throw Unavailable("could not be listed", error);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw new BlobStoreUnavailableException($"Supabase bucket {Bucket} could not be listed: {e.Message}", e);
        }
    }

    /// <summary><c>{Url}/storage/v1/object/public/{bucket}/{key}</c>, or under <c>PublicBaseUrl</c> (a CDN or custom domain).</summary>
    public string PublicUrl(string key) =>
        _publicBase is { } prefix ? $"{prefix}/{key}" : $"{_storageUrl}/object/public/{Bucket}/{PathOf(key)}";

    /// <summary>The bucket, once per store: used as it is when there, created public when missing (another node creating it
    /// at the same moment is fine). A private bucket is refused: the public links stored for its files would not open.</summary>
    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady) return;
        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (_bucketReady) return;
            using (var found = await _http.GetAsync($"bucket/{Bucket}", cancellationToken))
            {
                if (found.IsSuccessStatusCode)
                {
                    using var bucket = await JsonDocument.ParseAsync(await found.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                    var isPublic = bucket.RootElement.ValueKind == JsonValueKind.Object && bucket.RootElement.TryGetProperty("public", out var flag)
                        && flag.ValueKind == JsonValueKind.True;
                    if (!isPublic && _publicBase is null)
                        throw new BlobStoreUnavailableException($"Supabase bucket {Bucket} is private, so the public links Silo stores for its " +
                            "files would not open: make it public (seed 000's bucket is), or serve it through Silo:Media:Storage:PublicBaseUrl.");
                    _bucketReady = true;
                    return;
                }
                var missing = await SupabaseStorageError.ReadAsync(found, cancellationToken);
                if (!missing.IsNotFound) throw Unavailable("could not be read", missing);
            }
            using var created = await _http.PostAsJsonAsync("bucket", new { id = Bucket, name = Bucket, @public = true }, cancellationToken);
            if (!created.IsSuccessStatusCode)
            {
                var error = await SupabaseStorageError.ReadAsync(created, cancellationToken);
                if (!error.IsAlreadyThere) throw Unavailable("could not be created", error);
            }
            _bucketReady = true;
        }
        finally
        {
            _creating.Release();
        }
    }

    private BlobStoreUnavailableException Unavailable(string what, SupabaseStorageError error) =>
        new($"Supabase bucket {Bucket} {what} ({error})");

    /// <summary>A network failure, an unreadable answer or the request timeout (not the caller giving up).</summary>
    private static bool IsTransport(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Each segment escaped, the folders kept: object names are paths in Storage's routes.</summary>
    private static string PathOf(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    public void Dispose()
    {
        _http.Dispose();
        _creating.Dispose();
    }
}

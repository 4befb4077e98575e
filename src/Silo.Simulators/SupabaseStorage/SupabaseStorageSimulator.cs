using System.Collections.Concurrent;

namespace Silo.Simulators.SupabaseStorage;

/// <summary>
/// A stand-in for Supabase Storage's HTTP API (<c>{project}/storage/v1</c>): buckets (<c>GET /bucket/{id}</c>,
/// <c>POST /bucket</c>), uploads (<c>POST /object/{bucket}/{path}</c> with <c>x-upsert</c>, <c>PUT</c> to replace),
/// reads (<c>/object/public/…</c> without a key for a public bucket, <c>/object/authenticated/…</c> and <c>/object/…</c>
/// with one, <c>/object/info/…</c>), and removal (<c>DELETE /object/{bucket}</c> with <c>prefixes</c>). The key must come
/// as <c>apikey</c> and as the bearer token; refusals are Storage's JSON (<c>statusCode</c> as a string, <c>code</c>,
/// <c>error</c>, <c>message</c>) with Storage's HTTP status: 500 for a 500, 400 for anything else. Objects are kept on disk
/// in a temporary folder, so a large upload costs no memory. Mount it with
/// <see cref="SupabaseStorageEndpoints.MapSupabaseStorageSimulator"/>.
/// </summary>
public sealed class SupabaseStorageSimulator(string serviceKey) : IDisposable
{
    private readonly ConcurrentDictionary<string, SupabaseBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Bucket, string Name), SupabaseObject> _objects = new();
    private readonly ConcurrentQueue<SupabaseStorageRequest> _requests = new();

    /// <summary>The key a caller must send (the project's service key).</summary>
    public string ServiceKey { get; } = serviceKey;

    public SupabaseStorageFaults Faults { get; } = new();

    /// <summary>The largest object taken (Supabase's standard uploads: up to the project's limit); larger ones are refused 413.</summary>
    public long MaxObjectBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Where the objects' bytes are kept while the simulator lives.</summary>
    public string Root { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"silo-supabase-{Guid.NewGuid():N}")).FullName;

    public IReadOnlyCollection<SupabaseBucket> Buckets => [.. _buckets.Values];

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<SupabaseStorageRequest> Requests => [.. _requests];

    public SupabaseBucket? Bucket(string id) => _buckets.GetValueOrDefault(id);

    /// <summary>Creates a bucket as a person would in the dashboard; false when one with that id exists.</summary>
    public bool AddBucket(string id, bool isPublic) => _buckets.TryAdd(id, new SupabaseBucket(id, isPublic, DateTimeOffset.UtcNow));

    public SupabaseObject? Object(string bucket, string name) => _objects.GetValueOrDefault((bucket, name));

    /// <summary>The objects of <paramref name="bucket"/>, by name.</summary>
    public IReadOnlyList<SupabaseObject> Objects(string bucket) =>
        [.. _objects.Values.Where(o => o.Bucket == bucket).OrderBy(o => o.Name, StringComparer.Ordinal)];

    internal void Record(SupabaseStorageRequest request) => _requests.Enqueue(request);

    internal bool IsAuthorized(string? apikey, string? authorization) => apikey == ServiceKey && authorization == $"Bearer {ServiceKey}";

    /// <summary>A fresh file for an upload's bytes; it becomes the object's only once the whole body is in.</summary>
    internal string NewFilePath() => Path.Combine(Root, Guid.NewGuid().ToString("N"));

    /// <summary>Puts <paramref name="stored"/> in place (replacing an older object under its name when
    /// <paramref name="replace"/>); false when the name is taken and may not be replaced.</summary>
    internal bool TryStore(SupabaseObject stored, bool replace)
    {
        var key = (stored.Bucket, stored.Name);
        if (!replace) return _objects.TryAdd(key, stored);
        SupabaseObject? older = null;
        _objects.AddOrUpdate(key, stored, (_, existing) =>
        {
            older = existing;
            return stored with { Id = existing.Id, CreatedAt = existing.CreatedAt };
        });
        if (older is not null) File.Delete(older.FilePath); // an open reader keeps its bytes until it closes them
        return true;
    }

    internal SupabaseObject? Remove(string bucket, string name)
    {
        if (!_objects.TryRemove((bucket, name), out var removed)) return null;
        File.Delete(removed.FilePath);
        return removed;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

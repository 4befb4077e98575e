using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Silo.Simulators.SupabaseStorage;

/// <summary>Mounts a <see cref="SupabaseStorageSimulator"/> as a project at <c>{prefix}</c>: Storage's routes under
/// <c>{prefix}/storage/v1</c> (so <c>SUPABASE_URL</c> is <c>{server}{prefix}</c>) and the fault switches at <c>{prefix}/_faults</c>.</summary>
public static class SupabaseStorageEndpoints
{
    // Storage's JSON keeps its own names (statusCode, file_size_limit, Key): no naming policy.
    private static readonly JsonSerializerOptions Plain = new();

    public static IEndpointRouteBuilder MapSupabaseStorageSimulator(this WebApplication app, string prefix, SupabaseStorageSimulator simulator)
    {
        var project = app.MapGroup("/" + prefix.Trim('/'));
        var storage = project.MapGroup("/storage/v1");
        storage.MapGet("/bucket", (HttpContext c) => ListBucketsRoute(c, simulator));
        storage.MapGet("/bucket/{id}", (HttpContext c, string id) => RunAsync(c, simulator, "bucket", () => GetBucketAsync(c, simulator, id)));
        storage.MapPost("/bucket", (HttpContext c) => CreateBucketRoute(c, simulator));
        storage.MapPost("/object/list/{bucket}", (HttpContext c, string bucket) => RunAsync(c, simulator, "list", () => ListAsync(c, simulator, bucket)));
        storage.MapPost("/object/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "upload", () => UploadAsync(c, simulator, bucket, name, upsert: c.Request.Headers["x-upsert"] == "true", replaceOnly: false)));
        storage.MapPut("/object/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "upload", () => UploadAsync(c, simulator, bucket, name, upsert: true, replaceOnly: true)));
        storage.MapGet("/object/public/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "read", () => DownloadAsync(c, simulator, bucket, name, publicRoute: true), anonymous: true));
        storage.MapGet("/object/authenticated/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "read", () => DownloadAsync(c, simulator, bucket, name, publicRoute: false)));
        storage.MapGet("/object/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "read", () => DownloadAsync(c, simulator, bucket, name, publicRoute: false)));
        storage.MapGet("/object/info/public/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "read", () => InfoAsync(c, simulator, bucket, name, publicRoute: true), anonymous: true));
        storage.MapGet("/object/info/authenticated/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "read", () => InfoAsync(c, simulator, bucket, name, publicRoute: false)));
        storage.MapGet("/object/info/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "read", () => InfoAsync(c, simulator, bucket, name, publicRoute: false)));
        storage.MapDelete("/object/{bucket}", (HttpContext c, string bucket) => RunAsync(c, simulator, "delete", () => DeleteManyAsync(c, simulator, bucket)));
        storage.MapDelete("/object/{bucket}/{**name}", (HttpContext c, string bucket, string name) =>
            RunAsync(c, simulator, "delete", () => DeleteOneAsync(c, simulator, bucket, name)));
        project.MapPost("/_faults", (SupabaseStorageFaults faults) => { simulator.Faults.CopyFrom(faults); return Results.Ok(simulator.Faults); });
        project.MapDelete("/_faults", () => { simulator.Faults.Reset(); return Results.NoContent(); });
        return app;
    }

    /// <summary>The gateway's key check, the test's faults, then the route itself; every request is recorded with its answer.</summary>
    private static async Task RunAsync(HttpContext context, SupabaseStorageSimulator simulator, string operation, Func<Task<int>> route, bool anonymous = false)
    {
        var request = context.Request;
        // Storage takes objects far beyond Kestrel's 30 MB default; the simulator's own limit is MaxObjectBytes.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        var authorized = simulator.IsAuthorized(request.Headers["apikey"], request.Headers.Authorization);
        if (simulator.Faults.LatencyMs > 0) await Task.Delay(simulator.Faults.LatencyMs, context.RequestAborted);
        int status;
        if (!anonymous && !authorized)
        {
            // The API gateway in front of Storage answers a missing or wrong key itself, in its own shape.
            status = StatusCodes.Status401Unauthorized;
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { message = request.Headers.ContainsKey("apikey") ? "Invalid API key" : "No API key found in request" },
                Plain, context.RequestAborted);
        }
        else if (simulator.Faults.TakeFailure(operation))
        {
            var faults = simulator.Faults;
            await DrainAsync(request, context.RequestAborted); // read what the client sends, as the real server does before answering
            status = await ErrorAsync(context, faults.FailStatus, faults.FailCode, faults.FailCode, faults.FailMessage, faults.HttpStatusAsIs);
        }
        else status = await route();
        simulator.Record(new SupabaseStorageRequest(request.Method, request.Path, operation, authorized, request.Headers["x-upsert"].FirstOrDefault(),
            request.ContentLength, request.ContentType, request.Headers.CacheControl.FirstOrDefault(), status));
    }

    // Named, so the route is a RequestDelegate whose own result (the status, for the record) stays inside RunAsync.
    private static Task ListBucketsRoute(HttpContext c, SupabaseStorageSimulator simulator) => RunAsync(c, simulator, "bucket", () => ListBucketsAsync(c, simulator));

    private static Task CreateBucketRoute(HttpContext c, SupabaseStorageSimulator simulator) => RunAsync(c, simulator, "bucket", () => CreateBucketAsync(c, simulator));

    private static async Task<int> ListBucketsAsync(HttpContext context, SupabaseStorageSimulator simulator)
    {
        await context.Response.WriteAsJsonAsync(simulator.Buckets.OrderBy(b => b.Id, StringComparer.Ordinal).Select(BucketJson), Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> GetBucketAsync(HttpContext context, SupabaseStorageSimulator simulator, string id)
    {
        if (simulator.Bucket(id) is not { } bucket) return await NoSuchBucketAsync(context);
        await context.Response.WriteAsJsonAsync(BucketJson(bucket), Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> CreateBucketAsync(HttpContext context, SupabaseStorageSimulator simulator)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return await ErrorAsync(context, 400, "InvalidRequest", "Bad Request", "Body is not valid JSON");
        }
        var name = body?["name"]?.GetValueKind() == JsonValueKind.String ? body["name"]!.GetValue<string>() : null;
        if (name is null) return await ErrorAsync(context, 400, "InvalidRequest", "Bad Request", "body must have required property 'name'");
        var id = body!["id"]?.GetValueKind() == JsonValueKind.String ? body["id"]!.GetValue<string>() : name;
        if (id.Length is 0 or > 100 || id.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')))
            return await ErrorAsync(context, 400, "InvalidBucketName", "Invalid Input", "Bucket name invalid");
        var isPublic = body["public"]?.GetValueKind() == JsonValueKind.True;
        if (!simulator.AddBucket(id, isPublic)) return await ErrorAsync(context, 409, "BucketAlreadyExists", "Duplicate", "The resource already exists");
        await context.Response.WriteAsJsonAsync(new { name = id }, Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> UploadAsync(HttpContext context, SupabaseStorageSimulator simulator, string bucket, string name, bool upsert, bool replaceOnly)
    {
        var request = context.Request;
        if (simulator.Bucket(bucket) is null)
        {
            await DrainAsync(request, context.RequestAborted);
            return await NoSuchBucketAsync(context);
        }
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
            return await ErrorAsync(context, 400, "InvalidRequest", "InvalidRequest", "The simulator takes the file as the request body, not as a form.");
        if (replaceOnly && simulator.Object(bucket, name) is null)
        {
            await DrainAsync(request, context.RequestAborted);
            return await ErrorAsync(context, 404, "NoSuchKey", "not_found", "Object not found");
        }
        if (!upsert && simulator.Object(bucket, name) is not null)
        {
            await DrainAsync(request, context.RequestAborted);
            return await ErrorAsync(context, 409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
        }
        var path = simulator.NewFilePath();
        long size = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                size += read;
                if (size > simulator.MaxObjectBytes) break;
                await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
        }
        if (size > simulator.MaxObjectBytes)
        {
            File.Delete(path);
            return await ErrorAsync(context, 413, "EntityTooLarge", "Payload too large", "The object exceeded the maximum allowed size");
        }
        var now = DateTimeOffset.UtcNow;
        var stored = new SupabaseObject(Guid.NewGuid().ToString(), bucket, name, path, size, request.ContentType ?? "application/octet-stream",
            request.Headers.CacheControl.FirstOrDefault() ?? "no-cache", now, now);
        if (!simulator.TryStore(stored, replace: upsert))
        {
            File.Delete(path);
            return await ErrorAsync(context, 409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
        }
        await context.Response.WriteAsJsonAsync(new { Id = simulator.Object(bucket, name)?.Id ?? stored.Id, Key = $"{bucket}/{name}" }, Plain,
            context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> DownloadAsync(HttpContext context, SupabaseStorageSimulator simulator, string bucket, string name, bool publicRoute)
    {
        // Through the public route a private bucket's objects do not exist.
        if (simulator.Bucket(bucket) is not { } found || (publicRoute && !found.Public)) return await NoSuchBucketAsync(context);
        FileStream bytes;
        SupabaseObject stored;
        try
        {
            if (simulator.Object(bucket, name) is not { } current) return await NoSuchKeyAsync(context);
            stored = current;
            bytes = new FileStream(stored.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return await NoSuchKeyAsync(context); // replaced or removed in between
        }
        await using (bytes)
        {
            var response = context.Response;
            response.ContentType = stored.ContentType;
            response.ContentLength = bytes.Length;
            response.Headers.CacheControl = stored.CacheControl;
            response.Headers.ETag = $"\"{stored.Id}\"";
            response.Headers.LastModified = stored.UpdatedAt.ToString("R", CultureInfo.InvariantCulture);
            await bytes.CopyToAsync(response.Body, 81920, context.RequestAborted);
        }
        return StatusCodes.Status200OK;
    }

    private static async Task<int> InfoAsync(HttpContext context, SupabaseStorageSimulator simulator, string bucket, string name, bool publicRoute)
    {
        if (simulator.Bucket(bucket) is not { } found || (publicRoute && !found.Public)) return await NoSuchBucketAsync(context);
        if (simulator.Object(bucket, name) is not { } stored) return await NoSuchKeyAsync(context);
        await context.Response.WriteAsJsonAsync(ObjectJson(stored), Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    /// <summary>
    /// Storage's folder listing: one level under <c>prefix</c> (required; "" for the bucket's top), sorted by name, a page of
    /// <c>limit</c> (default 100) from <c>offset</c>. An object comes with its id and metadata; a folder with both null.
    /// </summary>
    private static async Task<int> ListAsync(HttpContext context, SupabaseStorageSimulator simulator, string bucket)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return await ErrorAsync(context, 400, "InvalidRequest", "Bad Request", "Body is not valid JSON");
        }
        if (body?["prefix"] is not JsonValue prefixValue || !prefixValue.TryGetValue<string>(out var prefix))
            return await ErrorAsync(context, 400, "InvalidRequest", "Bad Request", "body must have required property 'prefix'");
        var limit = body["limit"]?.GetValue<int>() ?? 100;
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var descending = body["sortBy"]?["order"]?.GetValue<string>() == "desc";
        if (simulator.Bucket(bucket) is null) return await NoSuchBucketAsync(context);
        var folder = prefix.Trim('/');
        var under = folder.Length == 0 ? "" : folder + "/";
        var entries = new SortedDictionary<string, SupabaseObject?>(StringComparer.Ordinal);
        foreach (var stored in simulator.Objects(bucket).Where(o => o.Name.StartsWith(under, StringComparison.Ordinal)))
        {
            var rest = stored.Name[under.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0) entries[rest] = stored;
            else entries.TryAdd(rest[..slash], null);
        }
        var page = (descending ? entries.Reverse() : entries).Skip(offset).Take(limit).Select(e => e.Value is { } o
            ? (object)new
            {
                name = e.Key, id = o.Id, updated_at = o.UpdatedAt, created_at = o.CreatedAt, last_accessed_at = o.UpdatedAt,
                metadata = new { eTag = $"\"{o.Id}\"", size = o.Size, mimetype = o.ContentType, cacheControl = o.CacheControl,
                    lastModified = o.UpdatedAt, contentLength = o.Size, httpStatusCode = 200 },
            }
            : new { name = e.Key, id = (string?)null, updated_at = (DateTimeOffset?)null, created_at = (DateTimeOffset?)null,
                last_accessed_at = (DateTimeOffset?)null, metadata = (object?)null });
        await context.Response.WriteAsJsonAsync(page.ToList(), Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    /// <summary>Removes the named objects and answers those it removed; a name with nothing stored is left out, not an error.</summary>
    private static async Task<int> DeleteManyAsync(HttpContext context, SupabaseStorageSimulator simulator, string bucket)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return await ErrorAsync(context, 400, "InvalidRequest", "Bad Request", "Body is not valid JSON");
        }
        if (body?["prefixes"] is not JsonArray prefixes || prefixes.Any(p => p?.GetValueKind() != JsonValueKind.String))
            return await ErrorAsync(context, 400, "InvalidRequest", "Bad Request", "body must have required property 'prefixes'");
        if (simulator.Bucket(bucket) is null) return await NoSuchBucketAsync(context);
        var removed = prefixes.Select(p => simulator.Remove(bucket, p!.GetValue<string>())).OfType<SupabaseObject>().Select(ObjectJson).ToList();
        await context.Response.WriteAsJsonAsync(removed, Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> DeleteOneAsync(HttpContext context, SupabaseStorageSimulator simulator, string bucket, string name)
    {
        if (simulator.Bucket(bucket) is null) return await NoSuchBucketAsync(context);
        if (simulator.Remove(bucket, name) is null) return await NoSuchKeyAsync(context);
        await context.Response.WriteAsJsonAsync(new { message = "Successfully deleted" }, Plain, context.RequestAborted);
        return StatusCodes.Status200OK;
    }

    private static object BucketJson(SupabaseBucket bucket) => new
    {
        id = bucket.Id, name = bucket.Id, owner = "", @public = bucket.Public, type = "STANDARD", file_size_limit = (long?)null,
        allowed_mime_types = (string[]?)null, created_at = bucket.CreatedAt, updated_at = bucket.CreatedAt,
    };

    private static object ObjectJson(SupabaseObject stored) => new
    {
        id = stored.Id, name = stored.Name, bucket_id = stored.Bucket, size = stored.Size, content_type = stored.ContentType,
        cache_control = stored.CacheControl, etag = $"\"{stored.Id}\"", created_at = stored.CreatedAt, updated_at = stored.UpdatedAt,
        last_modified = stored.UpdatedAt,
        metadata = new { size = stored.Size, mimetype = stored.ContentType, cacheControl = stored.CacheControl, eTag = $"\"{stored.Id}\"" },
    };

    private static Task<int> NoSuchBucketAsync(HttpContext context) => ErrorAsync(context, 404, "NoSuchBucket", "Bucket not found", "Bucket not found");

    private static Task<int> NoSuchKeyAsync(HttpContext context) => ErrorAsync(context, 404, "NoSuchKey", "not_found", "Object not found");

    /// <summary>Storage's refusal: the real status in the body as a string, and on the wire 500 for a 500 and 400 for anything
    /// else, as Storage's error handler answers (unless <paramref name="httpStatusAsIs"/>, a gateway's own answer).</summary>
    private static async Task<int> ErrorAsync(HttpContext context, int status, string code, string error, string message, bool httpStatusAsIs = false)
    {
        context.Response.StatusCode = httpStatusAsIs ? status : status == 500 ? 500 : 400;
        await context.Response.WriteAsJsonAsync(new { statusCode = status.ToString(CultureInfo.InvariantCulture), code, error, message }, Plain,
            context.RequestAborted);
        return context.Response.StatusCode;
    }

    private static Task DrainAsync(HttpRequest request, CancellationToken cancellationToken) => request.Body.CopyToAsync(Stream.Null, cancellationToken);
}

using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Silo.Hosting.Outbound;

namespace Silo.Media.Archiving;

/// <summary>
/// The one HTTP client media is downloaded through. Every request, the first and each redirect, is
/// checked (http/https, allow-listed host) and connects only through <see cref="GuardedConnector"/>.
/// The body streams to a temporary file while it is hashed; it never sits whole in memory. Size caps
/// and Content-Length are enforced while streaming; then <see cref="Probing.MediaProbe"/> reads what the
/// bytes are, a file that contradicts its declared type is refused and a damaged one retried, so a bad file is never stored.
/// </summary>
public sealed class MediaFetcher : IDisposable
{
    private const int BufferSize = 81920;

    private readonly HttpClient _http;
    private readonly HostAllowList _allowList;
    private readonly MediaOptions _options;
    private readonly string _tempDirectory;
    private readonly Probing.MediaProbe _probe;
    private readonly Probing.DecodeCheck _decodes;

    private readonly MediaWorkLimits? _limits;

    public MediaFetcher(IOptions<MediaOptions> options, Func<string, CancellationToken, Task<System.Net.IPAddress[]>>? resolve = null,
        MediaWorkLimits? limits = null)
    {
        _options = options.Value;
        _limits = limits;
        _probe = new Probing.MediaProbe(options, limits);
        _decodes = new Probing.DecodeCheck(options, limits);
        _allowList = new HostAllowList(_options.AllowedHosts);
        var connector = new GuardedConnector(_allowList, _options.AllowLoopbackForTesting, resolve);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            AllowAutoRedirect = false, // each hop is checked here, not followed blindly
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,          // a proxy would connect for us, past the address check
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = _options.ResponseTimeout,
            MaxConnectionsPerServer = 64,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Silo-MediaArchiver/1.0");
        _tempDirectory = _options.TempFolder ?? Path.Combine(Path.GetTempPath(), "silo-media");
        Directory.CreateDirectory(_tempDirectory);
    }

    /// <exception cref="DownloadException">Refused, failed, or <c>disk_low</c> (transient) when the temporary folder's disk is nearly full.</exception>
    public async Task<DownloadedFile> DownloadAsync(Uri url, MediaKind kind, CancellationToken cancellationToken)
    {
        _limits?.EnsureFreeDisk(_tempDirectory);
        // Waiting for a place is not part of the download's own time limit.
        using var place = _limits is null ? null : await MediaWorkLimits.EnterAsync(_limits.Downloads, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DownloadTimeout);
        try
        {
            var current = url;
            for (var hop = 0; hop <= _options.MaxRedirects; hop++)
            {
                Check(current);
                using var response = await SendAsync(current, timeout.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }
                ThrowIfFailed(response);
                return await SaveAsync(response, kind, timeout.Token);
            }
            throw new DownloadException(DownloadFailureKind.Final, "too_many_redirects", $"More than {_options.MaxRedirects} redirects from {Describe(url)}.");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "timeout", $"Download of {Describe(url)} timed out.", e);
        }
    }

    private void Check(Uri uri)
    {
        if (uri.Scheme is not ("http" or "https"))
            throw new DownloadException(DownloadFailureKind.Final, "scheme_refused", $"Only http and https are downloaded, not {uri.Scheme}.");
        if (!_allowList.Allows(uri))
            throw new DownloadException(DownloadFailureKind.Final, "host_refused", $"Host {uri.Authority} is not in Silo:Media:AllowedHosts.");
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headers.CancelAfter(_options.ResponseTimeout);
        try
        {
            return await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, headers.Token);
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refused)
        {
            throw new DownloadException(DownloadFailureKind.Final, "address_refused", refused.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "connection_error", $"Could not reach {Describe(uri)}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException(DownloadFailureKind.Transient, "timeout", $"No response from {Describe(uri)} within {_options.ResponseTimeout}.", e);
        }
    }

    private static AddressRefusedException? FindRefusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is AddressRefusedException refused) return refused;
        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static void ThrowIfFailed(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300) return;
        var type = $"http_{status}";
        var message = $"{Describe(response.RequestMessage!.RequestUri!)} answered {status} {response.ReasonPhrase}.";
        throw status switch
        {
            // Meta's CDN answers 403 "URL signature expired" once a link's oe has passed.
            403 or 410 => new DownloadException(DownloadFailureKind.Expired, type, message),
            408 or 429 or >= 500 => new DownloadException(DownloadFailureKind.Transient, type, message),
            _ => new DownloadException(DownloadFailureKind.Final, type, message),
        };
    }

    private async Task<DownloadedFile> SaveAsync(HttpResponseMessage response, MediaKind kind, CancellationToken cancellationToken)
    {
        var cap = kind switch { MediaKind.Image => _options.MaxImageBytes, MediaKind.Audio => _options.MaxAudioBytes, _ => _options.MaxVideoBytes };
        var declared = response.Content.Headers.ContentLength;
        if (declared > cap)
            throw new DownloadException(DownloadFailureKind.Final, "too_large", $"{declared} bytes is over the {kind} cap of {cap} bytes.");

        var path = Path.Combine(_tempDirectory, $"{Guid.NewGuid():N}.part");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                while (true)
                {
                    int read;
                    try { read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken); }
                    catch (HttpIOException e) { throw Truncated(size, declared, e); }
                    catch (IOException e) { throw Truncated(size, declared, e); }
                    if (read == 0) break;
                    size += read;
                    if (size > cap)
                        throw new DownloadException(DownloadFailureKind.Final, "too_large", $"Body passed the {kind} cap of {cap} bytes.");
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            if (declared is { } expected && size < expected) throw Truncated(size, declared, null);
            var info = await _probe.IdentifyAsync(path, cancellationToken);
            Probing.DeclaredType.Check(info, kind, response.Content.Headers.ContentType?.MediaType);
            await _decodes.EnsureDecodesAsync(path, info, cancellationToken);
            return DownloadedFile.From(path, Convert.ToHexStringLower(hash.GetHashAndReset()), size, info);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DownloadException Truncated(long received, long? declared, Exception? inner) =>
        new(DownloadFailureKind.Transient, "truncated", $"The body ended after {received} of {declared?.ToString() ?? "unknown"} bytes.", inner);

    /// <summary>A URL for logs and errors: scheme, host and path only, since CDN query strings carry signatures.</summary>
    public static string Describe(Uri uri) => $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}";

    public void Dispose() => _http.Dispose();
}

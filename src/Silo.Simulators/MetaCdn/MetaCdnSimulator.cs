using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Simulators.MetaCdn;

/// <summary>
/// A stand-in for Meta's media CDN (scontent.*.fbcdn.net): files behind signed URLs carrying
/// <c>oh</c> (a signature) and <c>oe</c> (the expiry, a Unix time in hex). After <c>oe</c> the CDN
/// answers 403 "URL signature expired", as the real one does. Mount it with
/// <see cref="MetaCdnEndpoints.MapMetaCdnSimulator"/>.
/// </summary>
/// <param name="time">The clock links expire by.</param>
/// <param name="signingKey">The key links are signed with (random by default); a fixed one lets another process compute valid links.</param>
public sealed class MetaCdnSimulator(TimeProvider? time = null, byte[]? signingKey = null)
{
    private readonly ConcurrentDictionary<string, CdnFile> _files = new();
    private readonly byte[] _signingKey = signingKey ?? RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, int> _requests = new();

    public TimeProvider Time { get; } = time ?? TimeProvider.System;
    public MetaCdnFaults Faults { get; } = new();

    /// <summary>The absolute base URL the simulator is mounted at (e.g. <c>http://127.0.0.1:1234/cdn</c>); set when mounted on a started server.</summary>
    public Uri? BaseUrl { get; set; }

    public void AddFile(string name, CdnFile file) => _files[name] = file;

    public void AddFile(string name, byte[] content, string contentType) => AddFile(name, CdnFile.FromBytes(content, contentType));

    internal CdnFile? Find(string name) => _files.GetValueOrDefault(name);

    /// <summary>How many times a file was requested (any outcome).</summary>
    public int RequestCount(string name) => _requests.GetValueOrDefault(name);

    internal void CountRequest(string name) => _requests.AddOrUpdate(name, 1, (_, n) => n + 1);

    private int _stalledBodies;

    /// <summary>How many bodies reached <see cref="MetaCdnFaults.StallBodyAfterBytes"/> and were held there.</summary>
    public int StalledBodies => Volatile.Read(ref _stalledBodies);

    internal void CountStall() => Interlocked.Increment(ref _stalledBodies);

    private int _heldAnswers;

    /// <summary>How many requests were held without an answer while <see cref="MetaCdnFaults.Hang"/> was on.</summary>
    public int HeldAnswers => Volatile.Read(ref _heldAnswers);

    internal void CountHeld() => Interlocked.Increment(ref _heldAnswers);

    /// <summary>A signed URL for <paramref name="name"/> that expires at <paramref name="expiresAt"/> (default: one hour from now).</summary>
    public string SignedUrl(string name, DateTimeOffset? expiresAt = null) =>
        SignedUrl(BaseUrl ?? throw new InvalidOperationException("The CDN simulator is not mounted on a started server yet."), _signingKey, name,
            expiresAt ?? Time.GetUtcNow().AddHours(1));

    /// <summary>The link a simulator mounted at <paramref name="baseUrl"/> with <paramref name="signingKey"/> serves <paramref name="name"/> at.</summary>
    public static string SignedUrl(Uri baseUrl, byte[] signingKey, string name, DateTimeOffset expiresAt)
    {
        var oe = expiresAt.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        return $"{baseUrl.ToString().TrimEnd('/')}/v/t39.30808-6/{name}?_nc_cat=1&_nc_ht=scontent.xx&oh=00_{Sign(signingKey, name, oe)}&oe={oe}";
    }

    internal string Sign(string name, string oe) => Sign(_signingKey, name, oe);

    private static string Sign(byte[] key, string name, string oe) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{name}|{oe}")))[..32];
}

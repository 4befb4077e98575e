using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Silo.Media.Backfill;

/// <summary>
/// Meta counts usage per token, so walks that share a token share its rests: when one walk learns
/// that a token must rest (a usage header near the limit, a rate-limit refusal), the others on this
/// node using the same token wait too. Patreon's crawls have their own instance (keyed
/// <see cref="Patreon.PatreonCrawlIds.TokenRests"/>): a 429 from Patreon rests every crawl of the node on that token.
/// Tokens are kept only as a hash prefix, never as themselves.
/// </summary>
public sealed class TokenThrottle
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _restUntil = new();

    /// <summary>When the token may be used again (null: now).</summary>
    public DateTimeOffset? RestUntil(string? token) =>
        _restUntil.TryGetValue(Fingerprint(token), out var until) ? until : null;

    /// <summary>Makes the token rest until <paramref name="until"/>, unless it already rests longer.</summary>
    public void Rest(string? token, DateTimeOffset until) =>
        _restUntil.AddOrUpdate(Fingerprint(token), until, (_, current) => current > until ? current : until);

    private static string Fingerprint(string? token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")))[..16];
}

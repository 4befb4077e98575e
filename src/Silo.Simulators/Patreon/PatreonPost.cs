namespace Silo.Simulators.Patreon;

/// <summary>
/// A post as Patreon's API v2 describes it (the documented <c>post</c> attributes): its HTML
/// <c>content</c> carries its pictures, audio and video; <c>embed_url</c>/<c>embed_data</c> its embed.
/// </summary>
public sealed record PatreonPost(
    string Id,
    string? Title,
    string? Content,
    DateTimeOffset PublishedAt,
    string? EmbedUrl = null,
    PatreonEmbed? EmbedData = null,
    bool IsPublic = true,
    bool IsPaid = false,
    IReadOnlyList<string>? Tiers = null)
{
    /// <summary>The post on patreon.com, as the API's <c>url</c> gives it.</summary>
    public string Url => $"https://www.patreon.com/posts/{Id}";
}

/// <summary>Patreon's <c>embed_data</c> object for embedded media (a YouTube video, a Vimeo link…).</summary>
public sealed record PatreonEmbed(string Url, string Provider, string ProviderUrl, string? Subject = null, string? Description = null, string? Html = null);

/// <summary>A campaign tier (<c>type: tier</c>).</summary>
public sealed record PatreonTierRecord(string Id, string Title, int AmountCents);

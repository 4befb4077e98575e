namespace Silo.Media.Patreon;

/// <summary>Crawl grains are keyed by the campaign id (grain ids <c>patreon-crawl/{campaignId}</c>).</summary>
public static class PatreonCrawlIds
{
    public const string GrainType = "patreon-crawl";

    public const string StorageName = "patreon-crawls";

    /// <summary>Key of the node's <see cref="Backfill.TokenThrottle"/> of Patreon tokens (apart from Meta's: other tokens, other limits).</summary>
    public const string TokenRests = "patreon";
}

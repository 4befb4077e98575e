namespace Silo.Media.Patreon;

/// <summary>Crawl grains are keyed by the campaign id (grain ids <c>patreon-crawl/{campaignId}</c>).</summary>
public static class PatreonCrawlIds
{
    public const string GrainType = "patreon-crawl";

    public const string StorageName = "patreon-crawls";
}

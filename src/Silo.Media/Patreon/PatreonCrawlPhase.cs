namespace Silo.Media.Patreon;

/// <summary>Seed 003's three phases, in order (patreon_crawls.phase).</summary>
public static class PatreonCrawlPhase
{
    /// <summary>Phase 1: the campaign's post list, page by page (cursor).</summary>
    public const string List = "list";

    /// <summary>Phase 2: each listed post's details and media, handed to its post grain.</summary>
    public const string Details = "details";

    /// <summary>Phase 3: the campaign's tiers, the groups its posts belong to.</summary>
    public const string Collections = "collections";
}

using Silo.Media.Backfill;

namespace Silo.Media.Patreon;

/// <summary>A crawl's state: its row in <c>patreon_crawls</c>, written after every page, post and the tiers.</summary>
[GenerateSerializer, Alias("silo.media.PatreonCrawlState")]
public sealed class PatreonCrawlState : IRunState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string CampaignId { get; set; } = "";
    [Id(2)] public string Tenant { get; set; } = "";
    [Id(3)] public int Run { get; set; }
    [Id(4)] public string Status { get; set; } = BackfillStatus.Running;
    [Id(5)] public string Phase { get; set; } = PatreonCrawlPhase.List;

    /// <summary>Phase 1: the <c>page[cursor]</c> of the next page of the post list; null before the first page and after the last.</summary>
    [Id(6)] public string? Cursor { get; set; }
    [Id(7)] public int PagesRead { get; set; }
    [Id(8)] public int PostsFound { get; set; }

    /// <summary>Phase 2: posts whose details were read and handed to their post grains.</summary>
    [Id(9)] public int DetailsRead { get; set; }

    /// <summary>Phase 2: listed posts Patreon no longer has (404 on their details).</summary>
    [Id(10)] public int PostsGone { get; set; }

    /// <summary>Phase 3: the campaign's tiers read.</summary>
    [Id(11)] public int TiersFound { get; set; }

    /// <summary>Times the crawl waited for Patreon's rate limit (429).</summary>
    [Id(12)] public int Slowdowns { get; set; }
    [Id(13)] public int FailuresInRow { get; set; }

    /// <summary>No step before this (a 429's Retry-After, or a retry's wait).</summary>
    [Id(14)] public DateTimeOffset? NotBefore { get; set; }
    [Id(15)] public string? LastError { get; set; }
    [Id(16)] public DateTimeOffset StartedAt { get; set; }
    [Id(17)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Posts of the page just read (phase 1), written to patreon_crawl_posts with it; cleared once stored.</summary>
    [Id(18)] public List<string> ListedPosts { get; set; } = [];

    /// <summary>The position in the list of the first of <see cref="ListedPosts"/>.</summary>
    [Id(19)] public int ListedFrom { get; set; }

    /// <summary>The post whose step just ended (phase 2), written with it; cleared once stored.</summary>
    [Id(20)] public PatreonPostDetails? PostRead { get; set; }

    /// <summary>A listed post Patreon answered 404 for (phase 2); cleared once stored.</summary>
    [Id(21)] public string? PostGone { get; set; }

    /// <summary>The tiers phase 3 read, written with the crawl's end; cleared once stored.</summary>
    [Id(22)] public List<PatreonTier>? TiersRead { get; set; }

    [Id(23)] public string? AlertToRaise { get; set; }

    /// <summary>An alert to raise with this write (the run stopped on an error other than the token), cleared once stored.</summary>
    [Id(25)] public string? RunFailedAlertToRaise { get; set; }

    /// <summary>Whether this write resolves the crawl's open alerts, token and run (a new run or a resume).</summary>
    [Id(24)] public bool ResolveAlert { get; set; }

    /// <summary>One open alert per campaign when Patreon refuses the token.</summary>
    public string AlertKind => $"patreon_token:{CampaignId}";

    /// <summary>One open alert per campaign when its crawl stopped on any other error (seed 000: a run that fails as a whole).</summary>
    public string RunFailedAlertKind => $"patreon_failed:{CampaignId}";
}

namespace Silo.Media.Backfill;

/// <summary>A walk's state: its row in <c>backfills</c>, written after every page it finishes.</summary>
[GenerateSerializer, Alias("silo.media.BackfillState")]
public sealed class BackfillState : IRunState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Source { get; set; } = "";
    [Id(2)] public string AccountId { get; set; } = "";
    [Id(3)] public string Tenant { get; set; } = "";
    [Id(4)] public int Run { get; set; }
    [Id(5)] public string Status { get; set; } = BackfillStatus.Running;
    [Id(6)] public DateTimeOffset? Since { get; set; }
    [Id(7)] public DateTimeOffset? Until { get; set; }

    /// <summary>The Graph API cursor of the next page to read; null before the first page and after the last.</summary>
    [Id(8)] public string? Cursor { get; set; }
    [Id(9)] public int PagesRead { get; set; }
    [Id(10)] public int PostsFound { get; set; }
    [Id(11)] public DateTimeOffset? OldestReached { get; set; }
    [Id(12)] public DateTimeOffset? NewestReached { get; set; }

    /// <summary>Times the walk rested for Meta's rate limits (usage headers or codes 4, 17, 32, 613).</summary>
    [Id(13)] public int Slowdowns { get; set; }
    [Id(14)] public int FailuresInRow { get; set; }

    /// <summary>The walk reads no page before this (a rest for the rate limits or a retry's wait).</summary>
    [Id(15)] public DateTimeOffset? NotBefore { get; set; }
    [Id(16)] public int? LastUsagePercent { get; set; }
    [Id(17)] public string? LastError { get; set; }
    [Id(18)] public DateTimeOffset StartedAt { get; set; }
    [Id(19)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Rate-limit refusals in a row: each doubles the next rest.</summary>
    [Id(23)] public int RefusalsInRow { get; set; }

    /// <summary>Posts of the page just finished, written to backfill_posts with it (cleared once stored).</summary>
    [Id(20)] public List<string> HandedPostIds { get; set; } = [];

    /// <summary>An alert to raise with this write (the token was refused), cleared once stored.</summary>
    [Id(21)] public string? AlertToRaise { get; set; }

    /// <summary>An alert to raise with this write (the run stopped on another error: seed 000's "error crítico en ejecución"), cleared once stored.</summary>
    [Id(24)] public string? RunFailedAlertToRaise { get; set; }

    /// <summary>Whether this write resolves the walk's open alerts, token and run (a new run or a resume).</summary>
    [Id(22)] public bool ResolveAlert { get; set; }

    /// <summary>The alerts kind of this walk's token alert: one open alert per walk.</summary>
    public string AlertKind => $"backfill_token:{Source}:{AccountId}";

    /// <summary>The alerts kind of this walk's run that stopped on an error other than its token.</summary>
    public string RunFailedAlertKind => $"backfill_failed:{Source}:{AccountId}";
}

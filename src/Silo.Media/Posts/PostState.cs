namespace Silo.Media.Posts;

/// <summary>
/// A post grain's state: the <c>posts</c> row and its <c>post_media</c> rows. It is stored only by
/// <see cref="PostStorage"/> in those tables and never crosses a grain call, so it needs no Orleans serializer.
/// </summary>
public sealed class PostState
{
    public bool Exists { get; set; }
    public string Source { get; set; } = "";
    public string SourcePostId { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string? Message { get; set; }
    public string? ItemType { get; set; }
    public string? Permalink { get; set; }
    public string? GraphObjectId { get; set; }
    public string Status { get; set; } = PostStatus.Pending;
    public int Attempts { get; set; }
    public PostError? LastError { get; set; }
    public DateTimeOffset? LinksExpireAt { get; set; }

    /// <summary>When the newest change applied was made at its source (a webhook entry's <c>time</c>); null when none was stamped.</summary>
    public DateTimeOffset? ChangedAt { get; set; }
    public DateTimeOffset? NextRetryAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public List<PostMedia> Media { get; set; } = [];

    // Written by the next write, then cleared: they are events of this piece of work, not lasting state.
    public List<StoredMediaFile> NewFiles { get; } = [];
    public List<string> ReleasedHashes { get; } = [];
    public List<(int Attempt, bool Succeeded, string? ErrorType)> NewAttempts { get; } = [];

    /// <summary>Set when this write deletes the post: its rows go and its audit line is written instead.</summary>
    public PostDeletion? Deletion { get; set; }

    /// <summary>The error-rate check the new attempts ask for; null when the write records no attempt.</summary>
    public ErrorRateAlert? ErrorRateCheck { get; set; }

    /// <summary>The alerts this write raises, each kind once with its first message.</summary>
    public IReadOnlyList<(string Kind, string Message)> RaisedAlerts => _raised;

    /// <summary>The alerts this write resolves: never one it also raises.</summary>
    public IReadOnlyList<string> ResolvedAlerts => _resolved;

    private readonly List<(string Kind, string Message)> _raised = [];
    private readonly List<string> _resolved = [];

    /// <summary>
    /// Raises an alert with this write. Raising wins over resolving within one write: one item's store failing is
    /// news even when another item's store succeeded in the same attempt.
    /// </summary>
    public void RaiseAlert(string kind, string message)
    {
        if (!_raised.Exists(a => a.Kind == kind)) _raised.Add((kind, message));
        _resolved.Remove(kind);
    }

    /// <summary>Resolves an alert with this write, unless the write raises it.</summary>
    public void ResolveAlert(string kind)
    {
        if (!_resolved.Contains(kind) && !_raised.Exists(a => a.Kind == kind)) _resolved.Add(kind);
    }

    /// <summary>Forgets the events once a write has recorded them.</summary>
    public void ClearEvents()
    {
        NewFiles.Clear();
        ReleasedHashes.Clear();
        NewAttempts.Clear();
        ErrorRateCheck = null;
        Deletion = null;
        _raised.Clear();
        _resolved.Clear();
    }
}

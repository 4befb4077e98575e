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
    public List<(string Kind, string Message)> RaisedAlerts { get; } = [];
    public List<string> ResolvedAlerts { get; } = [];

    /// <summary>Forgets the events once a write has recorded them.</summary>
    public void ClearEvents()
    {
        NewFiles.Clear();
        ReleasedHashes.Clear();
        NewAttempts.Clear();
        RaisedAlerts.Clear();
        ResolvedAlerts.Clear();
    }
}

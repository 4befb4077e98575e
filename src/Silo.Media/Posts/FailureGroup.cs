namespace Silo.Media.Posts;

/// <summary>Posts in error for one reason: how many, the error types seen, the most recent posts.</summary>
public sealed record FailureGroup(string Reason, string Label, long Posts, IReadOnlyList<string> ErrorTypes, IReadOnlyList<string> RecentPostIds);

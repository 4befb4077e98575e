namespace Silo.Media.Posts;

/// <summary>A person asked for a post in <c>error</c> to be archived again, with fresh attempts.</summary>
public sealed record ArchiveRetryRequested;

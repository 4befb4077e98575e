namespace Silo.Media.Posts;

/// <summary>Who deleted a post and why (<c>manager</c>, <c>source</c>, <c>tenant</c>, <c>retention</c>): its audit line in <c>post_deletions</c>.</summary>
public sealed record PostDeletion(string Actor, string Reason);

namespace Silo.Media.Deletion;

/// <summary>One audit line of <c>post_deletions</c>: what went, whose it was, who deleted it and when.</summary>
public sealed record DeletionLine(long Id, string PostId, string Tenant, string Source, string Actor, string Reason, int Files, DateTimeOffset DeletedAt);

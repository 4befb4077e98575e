namespace Silo.Media.Posts;

/// <summary>
/// Which posts a list shows: every field null means any. <c>Text</c> is searched, case-insensitively, in the message and in the
/// transcripts of the post's files; <c>Damaged</c> keeps the posts holding a file the latest scrub could not repair (true) or none (false).
/// </summary>
public sealed record PostFilter(string? Tenant = null, string? Status = null, string? Source = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, string? Kind = null, string? Text = null, bool? Damaged = null);

namespace Silo.Media.Posts;

/// <summary>
/// The reasons a person sorts failed posts by, each a group of the downloader's error types
/// (<see cref="PostError.Type"/>): what to do about a post depends on which group it is in.
/// </summary>
public static class FailureReasons
{
    public const string ExpiredLink = "expired_link";
    public const string NotFound = "not_found";
    public const string GuardRefusal = "guard_refusal";
    public const string TooLarge = "too_large";
    public const string Storage = "storage";
    /// <summary>The bytes are not supported media, or contradict the declared type: retrying fetches the same bytes.</summary>
    public const string WrongContent = "wrong_content";
    /// <summary>The bytes are supported media but do not decode (cut short, corrupt): retried from the source while its link is valid.</summary>
    public const string Damaged = "damaged";
    public const string Other = "other";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [ExpiredLink] = "Expired link",
        [NotFound] = "Not found (404)",
        [GuardRefusal] = "Refused by the download guard",
        [TooLarge] = "Too large",
        [Storage] = "Storage unavailable or full",
        [WrongContent] = "Wrong content (a retry gets the same bytes)",
        [Damaged] = "Damaged file (retried from the source)",
        [Other] = "Other errors",
    };

    /// <summary>SQL mapping a post's <c>last_error</c> to its reason (alias <c>p</c>).</summary>
    public const string Sql = """
        case p.last_error->>'type'
            when 'link_expired' then 'expired_link'
            when 'http_404' then 'not_found'
            when 'http_410' then 'expired_link'
            when 'scheme_refused' then 'guard_refusal'
            when 'host_refused' then 'guard_refusal'
            when 'address_refused' then 'guard_refusal'
            when 'invalid_url' then 'guard_refusal'
            when 'too_large' then 'too_large'
            when 'storage_unavailable' then 'storage'
            when 'storage_full' then 'storage'
            when 'content_mismatch' then 'wrong_content'
            when 'content_unrecognised' then 'wrong_content'
            when 'content_damaged' then 'damaged'
            else 'other' end
        """;
}

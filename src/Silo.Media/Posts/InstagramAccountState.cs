namespace Silo.Media.Posts;

/// <summary>What an Instagram account grain remembers: its tenant and the media ids already sent to post grains.</summary>
public sealed class InstagramAccountState
{
    public string? IgUserId { get; set; }
    public string? Tenant { get; set; }
    public List<string> SeenMediaIds { get; set; } = [];
    public DateTimeOffset? LastPolledAt { get; set; }
}

namespace Silo.Media.Posts;

/// <summary>What an Instagram account grain remembers (opaque grain state): its tenant and the media ids already sent to post grains.</summary>
[GenerateSerializer, Alias("silo.media.InstagramAccountState")]
public sealed class InstagramAccountState
{
    [Id(0)] public string? IgUserId { get; set; }
    [Id(1)] public string? Tenant { get; set; }
    [Id(2)] public List<string> SeenMediaIds { get; set; } = [];
    [Id(3)] public DateTimeOffset? LastPolledAt { get; set; }
}

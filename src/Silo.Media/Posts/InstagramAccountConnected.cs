namespace Silo.Media.Posts;

/// <summary>An Instagram professional account was connected: poll its media for the given tenant.</summary>
[GenerateSerializer, Immutable, Alias("silo.media.InstagramAccountConnected")]
public sealed record InstagramAccountConnected([property: Id(0)] string IgUserId, [property: Id(1)] string Tenant);

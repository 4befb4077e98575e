namespace Silo.Media.Posts;

/// <summary>An Instagram professional account was connected: poll its media for the given tenant.</summary>
public sealed record InstagramAccountConnected(string IgUserId, string Tenant);

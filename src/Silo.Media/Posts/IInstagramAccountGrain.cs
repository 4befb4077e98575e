namespace Silo.Media.Posts;

/// <summary>One connected Instagram professional account, keyed by its numeric id.</summary>
[Alias("silo.media.IInstagramAccountGrain")]
public interface IInstagramAccountGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps) polling the account's media for <see cref="InstagramAccountConnected.Tenant"/>; returns once that is persisted.</summary>
    [Alias("Connect")]
    Task Connect(InstagramAccountConnected connected);
}

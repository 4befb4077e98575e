namespace Silo.Media.Posts;

/// <summary>
/// One post, keyed <c>fb:…</c>, <c>ig:…</c>, <c>patreon:…</c>, <c>youtube:…</c> or <c>manual:…</c>
/// (<see cref="PostIds.Key"/>). Each method returns once what it carries is persisted; archiving
/// (downloads, Graph API refreshes) runs after the call returns, so callers never wait on a download.
/// </summary>
[Alias("silo.media.IPostGrain")]
public interface IPostGrain : IGrainWithStringKey
{
    /// <summary>Stores a new post or an edit; a redelivery of what the post already holds is recognised and writes nothing.</summary>
    [Alias("Receive")]
    Task<ReceiveOutcome> Receive(PostReceived post);

    /// <summary>Archives a post in <c>error</c> again with fresh attempts; false when it does not exist or has nothing to retry.</summary>
    [Alias("RetryArchive")]
    Task<bool> RetryArchive();
}

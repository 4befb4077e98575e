namespace Silo.Media.Posts;

/// <summary>
/// One post, keyed <c>fb:…</c>, <c>ig:…</c>, <c>patreon:…</c>, <c>youtube:…</c> or <c>manual:…</c>
/// (<see cref="PostIds.Key"/>). Each method returns once what it carries is persisted; archiving
/// (downloads, Graph API refreshes) runs after the call returns, so callers never wait on a download.
/// </summary>
[Alias("silo.media.IPostGrain")]
public interface IPostGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores a new post or an edit; a redelivery of what the post already holds is recognised and writes nothing.
    /// Owner check: a post already held by another tenant than <see cref="PostReceived.Tenant"/> is left as it is
    /// (<see cref="ReceiveOutcome.OtherTenant"/>).
    /// </summary>
    [Alias("Receive")]
    Task<ReceiveOutcome> Receive(PostReceived post);

    /// <summary>
    /// Archives a post in <c>error</c> again with fresh attempts; false when it does not exist, has nothing to retry, or
    /// belongs to another tenant than <paramref name="callerTenant"/> (<c>*</c> acts on every tenant's).
    /// </summary>
    [Alias("RetryArchive")]
    Task<bool> RetryArchive(string callerTenant);

    /// <summary>
    /// Archives again, with fresh attempts, the archived items in <paramref name="slots"/> (those whose stored file or preview
    /// the integrity scrub found damaged): each is downloaded anew from its source and its file, and preview, stored again.
    /// Returns the slots taken, or null when the post does not exist or belongs to another tenant than <paramref name="callerTenant"/>.
    /// </summary>
    [Alias("ArchiveAgain")]
    Task<IReadOnlyList<string>?> ArchiveAgain(string callerTenant, IReadOnlyList<string> slots);

    /// <summary>
    /// Transcribes again, with fresh attempts, the post's files whose transcription failed; returns their slots, or null
    /// when the post does not exist or belongs to another tenant than <paramref name="callerTenant"/>.
    /// </summary>
    [Alias("RetryTranscripts")]
    Task<IReadOnlyList<string>?> RetryTranscripts(string callerTenant);

    /// <summary>
    /// Deletes the post: its rows go, its files are released (each kept for the grace period while nothing else holds it)
    /// and an audit line names <paramref name="actor"/>; stored by the time the call returns. False when the post does not
    /// exist or belongs to another tenant than <paramref name="callerTenant"/> (<c>*</c> acts on every tenant's). A later
    /// delivery of the post starts it anew.
    /// </summary>
    [Alias("Delete")]
    Task<bool> Delete(string callerTenant, string actor, string reason);
}

namespace Silo.Media.Posts;

/// <summary>What a post grain made of a <see cref="PostReceived"/>, once it is persisted.</summary>
[GenerateSerializer, Alias("silo.media.ReceiveOutcome")]
public enum ReceiveOutcome
{
    /// <summary>New or changed: stored, and archived after the call returns if it has media to fetch.</summary>
    Stored,

    /// <summary>Nothing the post does not already hold (a redelivery, a repeated request): nothing written.</summary>
    Duplicate,

    /// <summary>The post is another tenant's: nothing written, and the caller is told no more than of an unknown post.</summary>
    OtherTenant,
}

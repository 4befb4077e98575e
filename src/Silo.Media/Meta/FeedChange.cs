using Silo.Media.Posts;

namespace Silo.Media.Meta;

/// <summary>
/// One accepted change of a webhook delivery: the post it announces. A redelivery carries the same
/// post, which its grain recognises from its own state.
/// </summary>
public sealed record FeedChange(PostReceived Post);

using Silo.Media.Posts;

namespace Silo.Media.Meta;

/// <summary>One accepted change of a webhook delivery: the post it announces and an id that is the same on every redelivery.</summary>
public sealed record FeedChange(PostReceived Post, string DeliveryId);

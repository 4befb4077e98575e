namespace Silo.Runtime.Execution;

/// <summary>The envelope of the message a grain is handling: its id, type and how often it was tried.</summary>
public sealed record InboxMessage(long Sequence, string MessageId, string MessageType, int Attempt, DateTimeOffset EnqueuedAt);

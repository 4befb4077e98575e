namespace Silo.Publishing.Batches;

/// <summary>A batch was stored and is to be published.</summary>
public sealed record PublishingRequested;

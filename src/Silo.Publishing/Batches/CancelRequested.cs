namespace Silo.Publishing.Batches;

/// <summary>A person cancelled the batch: nothing more is published.</summary>
public sealed record CancelRequested;

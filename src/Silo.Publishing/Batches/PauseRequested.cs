namespace Silo.Publishing.Batches;

/// <summary>A person asked to pause the batch after the step in progress.</summary>
public sealed record PauseRequested;

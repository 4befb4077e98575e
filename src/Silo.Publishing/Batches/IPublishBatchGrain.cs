namespace Silo.Publishing.Batches;

/// <summary>
/// One publish batch, keyed by its batch id. Every method returns once what it changed is stored;
/// the clips themselves are published afterwards, in order, by the grain's own steps.
/// </summary>
[Alias("silo.publishing.IPublishBatchGrain")]
public interface IPublishBatchGrain : IGrainWithStringKey
{
    /// <summary>Stores the batch and starts publishing it; a repeat of the same submission returns the same batch.</summary>
    [Alias("Publish")]
    Task<CreateResult> Publish(BatchSubmission submission);

    /// <summary>Makes sure a processing batch has its backstop reminder and a step scheduled (a batch stored before it had one).</summary>
    [Alias("Continue")]
    Task Continue();

    /// <summary>Pauses a processing batch after the step in progress.</summary>
    [Alias("Pause")]
    Task<CommandOutcome> Pause();

    /// <summary>Resumes a paused batch; for an unconfirmed clip the resume says whether to retry or skip it.</summary>
    [Alias("Resume")]
    Task<CommandOutcome> Resume(ResumeBatch resume);

    /// <summary>Cancels a batch that has not ended: nothing more is published.</summary>
    [Alias("Cancel")]
    Task<CommandOutcome> Cancel();
}

namespace Silo.Publishing.Batches;

/// <summary>
/// One publish batch, keyed by its batch id. Every method returns once what it changed is stored;
/// the clips themselves are published afterwards, in order, by the grain's own steps.
/// </summary>
[Alias("silo.publishing.IPublishBatchGrain")]
public interface IPublishBatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores the batch and starts publishing it; a repeat of the same submission returns the same batch. Refused
    /// (<see cref="PublishOutcome.NotOwned"/>) when the Metricool blog is not the submission's tenant's.
    /// </summary>
    [Alias("Publish")]
    Task<PublishOutcome> Publish(BatchSubmission submission);

    /// <summary>
    /// Pauses a processing batch after the step in progress. Each command carries the caller's tenant: another tenant's
    /// batch answers as no batch does (status null) and is left as it is; tenant <c>*</c> acts on every batch.
    /// </summary>
    [Alias("Pause")]
    Task<CommandOutcome> Pause(string callerTenant);

    /// <summary>Resumes a paused batch; for an unconfirmed clip the resume says whether to retry or skip it.</summary>
    [Alias("Resume")]
    Task<CommandOutcome> Resume(ResumeBatch resume, string callerTenant);

    /// <summary>Cancels a batch that has not ended: nothing more is published.</summary>
    [Alias("Cancel")]
    Task<CommandOutcome> Cancel(string callerTenant);
}

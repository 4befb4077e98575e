namespace Silo.Media.Backfill;

/// <summary>
/// One account's history walk, keyed <c>facebook:{pageId}</c> or <c>instagram:{igUserId}</c>
/// (<see cref="BackfillIds.Key"/>). Each method returns once its change is persisted; the walk itself
/// runs page by page after the call returns. Its status is read from the <c>backfills</c> table.
/// </summary>
[Alias("silo.media.IBackfillGrain")]
public interface IBackfillGrain : ISteeredRun
{
    /// <summary>
    /// Starts a new run, unless one is running or paused, or the account is not the request's tenant's, or the caller does
    /// not act for that tenant (<see cref="RunStartOutcome.OtherTenant"/>). Every command carries the caller's tenant:
    /// another tenant's walk answers false and is left as it is; tenant <c>*</c> acts on every walk.
    /// </summary>
    [Alias("Start")]
    Task<RunStartOutcome> Start(BackfillStart request);
}

using System.Security.Claims;
using Silo.Gateway.Auth;
using Silo.Hosting.Tenants;
using Silo.Publishing.Batches;

namespace Silo.Gateway.Operations;

/// <summary>What <c>/api/metricool</c> and gRPC's <c>silo.v1.Batches</c> both do with a Story batch: publish, find, pause, resume, cancel.</summary>
public sealed class BatchOperations(PublishStoriesValidator validator, PublishBatches batches, IGrainFactory grains, TenantOwnership ownership)
{
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The field name a bad idempotency key is reported under (HTTP's header; gRPC names its own field).</summary>
    public const string IdempotencyKeyField = "Idempotency-Key";

    public enum Command { Pause, Resume, Cancel }

    /// <summary>
    /// Validates and stores the batch for the key's tenant. The same idempotency key gives the same
    /// batch id on either surface (derived from tenant and key); reused for a different request, nothing is stored.
    /// </summary>
    public async Task<OperationResult<PublishOutcome>> PublishAsync(PublishStoriesRequest? request, string? idempotencyKey, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var (batch, errors) = validator.Validate(request);
        if (idempotencyKey is { } key && (string.IsNullOrWhiteSpace(key) || key.Length > MaxIdempotencyKeyLength))
            errors[IdempotencyKeyField] = [$"The idempotency key must be 1 to {MaxIdempotencyKeyLength} characters."];
        if (batch is null || errors.Count > 0) return OperationResult<PublishOutcome>.Invalid(errors);
        // A tenant's key publishes for its tenant; tenant * for the blog's owner, so the batch is that tenant's to see.
        var tenant = user.Tenant() is TenantOwnership.AllTenants
            ? ownership.OwnerOf(AssetKind.MetricoolBlog, batch.AccountId) ?? TenantOwnership.AllTenants
            : user.Tenant();
        var created = await batches.CreateAsync(tenant, idempotencyKey, batch, cancellationToken);
        if (created.NotOwned) return OperationResult<PublishOutcome>.NotFound($"No Metricool account {batch.AccountId} for this key.");
        if (created.OverDailyLimit is { } over) return OperationResult<PublishOutcome>.Conflict(over);
        return created.KeyReused
            ? OperationResult<PublishOutcome>.AlreadyExists("This idempotency key was already used for a different request; use a new key for a new batch.")
            : OperationResult<PublishOutcome>.Ok(created);
    }

    /// <summary>The batch with its clips, when it exists and the caller's key sees its tenant; another tenant's batch is not found.</summary>
    public async Task<OperationResult<BatchView>> FindAsync(string batchId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await batches.GetAsync(batchId, cancellationToken);
        return found is { } f && user.SeesTenant(f.Tenant) ? OperationResult<BatchView>.Ok(f.Batch) : OperationResult<BatchView>.NotFound($"No batch {batchId}.");
    }

    /// <summary>
    /// Checks the caller may see the batch, then has its grain apply the command; returns once the grain
    /// has stored the change. The grain, not a read made before the call, decides whether the batch's
    /// status allows it. <paramref name="resumeAction"/> (retry or skip) applies to resume only.
    /// </summary>
    public async Task<OperationResult<CommandOutcome>> RunAsync(string batchId, Command command, string? resumeAction, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (command == Command.Resume && resumeAction is not (null or ResumeBatch.Retry or ResumeBatch.Skip))
            return OperationResult<CommandOutcome>.Invalid("action", "must be retry or skip.");
        var found = await FindAsync(batchId, user, cancellationToken);
        if (!found.Succeeded) return OperationResult<CommandOutcome>.NotFound(found.Detail!);
        var grain = grains.GetGrain<IPublishBatchGrain>(batchId);
        var (outcome, conflict) = command switch
        {
            Command.Pause => (await grain.Pause(user.Tenant()), "only a processing batch can be paused"),
            Command.Resume => (await grain.Resume(new ResumeBatch(resumeAction ?? ResumeBatch.Retry), user.Tenant()), "only a paused batch can be resumed"),
            _ => (await grain.Cancel(user.Tenant()), "the batch has already ended"),
        };
        // The grain checks the owner again: a batch it does not show this tenant is not found.
        if (outcome is { Applied: false, Status: null }) return OperationResult<CommandOutcome>.NotFound($"No batch {batchId}.");
        return outcome.Applied
            ? OperationResult<CommandOutcome>.Ok(outcome)
            : OperationResult<CommandOutcome>.Conflict($"Batch {batchId} is {outcome.Status}: {conflict}.");
    }
}

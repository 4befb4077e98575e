using Orleans.Storage;
using Polly.Timeout;
using Silo.Hosting.Meta;
using Silo.Insights.Accounts;
using Silo.Insights.Creatives;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;
using Silo.Media.Archiving;
using Silo.Media.BlobStores;

namespace Silo.Insights.Entities;

/// <summary>
/// An ad's creative: read through the Marketing API when discovery lists a creative id not archived yet, its media stored
/// through the media archiver, and the outcome written with the ad's row. A failure (the API, the CDN, the store) never
/// touches the insights refresh: the creative is <c>failed</c> with its error and tried again by the same work loop, a
/// read with fresh links each time, after <see cref="InsightsOptions.CreativeRetryDelay"/> doubling per failure.
/// </summary>
public abstract partial class AdEntityGrain
{
    /// <summary>The longest wait between two attempts at a creative.</summary>
    private static readonly TimeSpan LongestCreativeWait = TimeSpan.FromHours(6);

    private DateTimeOffset? CreativeStepAt() => State.Creative?.DueAt(_options.CreativeMaxAttempts);

    /// <summary>Takes the creative discovery listed: true when it is one to archive (new, replaced, or not archived yet).</summary>
    private bool WantCreative(string? creativeId)
    {
        if (EntityType != AdEntityType.Ad || creativeId is null || !_options.ArchiveCreatives) return false;
        if (State.Creative is { } known && known.CreativeId == creativeId)
        {
            // The same creative, told again (a re-tell after a restart): archived stays archived; one out of attempts gets a fresh start.
            if (known.Status != CreativeProgress.Failed || known.DueAt(_options.CreativeMaxAttempts) is not null) return known.Status != CreativeProgress.Done;
            known.Attempts = 0;
            known.NextAttemptAt = null;
            known.Changed = true;
            return true;
        }
        // The files of the creative it replaces stay the ad's until the new one's are stored (and are recounted then).
        State.Creative = new CreativeProgress { CreativeId = creativeId, Changed = true, FileHashes = State.Creative?.FileHashes ?? [] };
        return true;
    }

    /// <summary>One attempt: wait out the account's hold, read the creative, archive its media, store the outcome.</summary>
    private async Task ArchiveCreativeAsync(CancellationToken cancellationToken)
    {
        var creative = State.Creative!;
        var now = services.Time.GetUtcNow();
        try
        {
            var account = await services.Accounts.FindAsync(State.AccountId, cancellationToken);
            if (account is null || account.Status == AdAccount.TokenExpired)
            {
                await CreativeFailedAsync(creative, account is null ? "ad account is not connected" : "access token expired (code 190)", now);
                return;
            }
            if (account.ThrottledFor > TimeSpan.Zero)
            {
                // The account's hold applies to every call; this one waits without counting an attempt.
                creative.NextAttemptAt = now + account.ThrottledFor;
                await Work.EnsureReminderAsync();
                await state.WriteStateAsync();
                return;
            }
            var read = await services.Source.ReadCreativeAsync(account, EntityId, cancellationToken);
            var archived = read is null ? null : await services.Creatives.ArchiveAsync(account.Tenant, EntityId, read, cancellationToken);
            // Meta answers the creative the ad shows now, which may be newer than the one listed: that one is kept.
            creative.CreativeId = read?.CreativeId ?? creative.CreativeId;
            creative.Status = CreativeProgress.Done;
            creative.Attempts++;
            creative.NextAttemptAt = null;
            creative.Error = null;
            creative.Archived = archived;
            creative.Changed = true;
            await state.WriteStateAsync();
            LogCreativeArchived(services.Logger, EntityId, creative.CreativeId, archived?.Files.Count ?? 0, archived?.NewFiles.Count ?? 0);
        }
        catch (GraphApiException e) when (e.IsRateLimit)
        {
            var wait = e.RetryAfter ?? _options.RateLimitRetryDelay;
            await services.Accounts.RateLimitedAsync(State.AccountId, e.Code ?? 0, wait, $"code {e.Code}: {e.Message}", cancellationToken);
            await CreativeFailedAsync(creative, $"rate limited (code {e.Code}): {e.Message}", now, wait);
        }
        catch (Exception e) when (e is GraphApiException or HttpRequestException or TimeoutRejectedException or DownloadException
                                      or BlobStoreUnavailableException or BlobStoreFullException or IOException
                                  && !cancellationToken.IsCancellationRequested)
        {
            await CreativeFailedAsync(creative, e is DownloadException d ? $"{d.ErrorType}: {e.Message}" : e.Message, now);
        }
        catch (Exception e) when (e is not InconsistentStateException && !cancellationToken.IsCancellationRequested)
        {
            // Anything else (the account's row unreadable): the backstop period later, without counting an attempt.
            LogStepFailed(services.Logger, e, State.AccountId, EntityId);
            creative.NextAttemptAt = now + _options.RefreshBackstop;
        }
    }

    /// <summary>A failed attempt: visible as <c>failed</c> with its error, tried again after a doubling wait until out of attempts.</summary>
    private async Task CreativeFailedAsync(CreativeProgress creative, string error, DateTimeOffset now, TimeSpan? wait = null)
    {
        creative.Attempts++;
        creative.Status = CreativeProgress.Failed;
        creative.Error = error;
        var backoff = _options.CreativeRetryDelay * Math.Pow(2, Math.Min(creative.Attempts - 1, 20));
        wait ??= backoff < LongestCreativeWait ? backoff : LongestCreativeWait;
        creative.NextAttemptAt = creative.Attempts < _options.CreativeMaxAttempts ? now + wait.Value : null;
        creative.Changed = true;
        LogCreativeFailed(services.Logger, EntityId, creative.CreativeId, creative.Attempts, error);
        await Work.EnsureReminderAsync();
        await state.WriteStateAsync();
    }
}

using Silo.Insights.Meta;
using Polly.Timeout;

namespace Silo.Insights.Entities;

public abstract partial class AdEntityGrain
{
    private const int FailuresBeforeAlert = 3;

    /// <summary>Takes the pending refresh one step: wait out the account's throttle, start or poll the report, or finish.</summary>
    private async Task ContinueAsync(CancellationToken cancellationToken)
    {
        if (State.Pending is not { } pending) return;
        var account = await services.Accounts.FindAsync(State.AccountId, cancellationToken);
        if (account is null)
        {
            await FinishAsync(null, [], "ad account is not connected", cancellationToken);
            return;
        }
        if (account.Status == AdAccount.TokenExpired)
        {
            await FinishAsync(null, [], "access token expired (code 190): refresh stopped until the account is reconnected", cancellationToken);
            return;
        }
        if (account.ThrottledFor > TimeSpan.Zero)
        {
            // Another grain of the account (or this one) met a limit: wait it out without calling.
            RegisterOrUpdateReminder(ContinueReminder, account.ThrottledFor);
            return;
        }
        if (!pending.Force && pending.ReportRunId is null && State.LastSuccessAt is { } last && account.Now - last < _options.FreshFor
            && State.LastDaysBack >= pending.DaysBack)
        {
            await FinishAsync(account, [], null, cancellationToken);
            return;
        }

        try
        {
            // Starting a report job twice (a node lost mid-turn) only costs a call: no WriteStateAsync before it.
            var progress = pending.ReportRunId is null
                ? await services.Source.StartReportAsync(account, Ref, DateWindow.LastDays(pending.DaysBack, account.Now), cancellationToken)
                : await services.Source.PollReportAsync(account, Ref, pending.ReportRunId, cancellationToken);
            switch (progress)
            {
                case ReportProgress.Completed completed:
                    State.LastDaysBack = pending.DaysBack;
                    await FinishAsync(account, completed.Rows, null, cancellationToken);
                    break;
                case ReportProgress.Running running when ++pending.Polls > _options.MaxReportPolls:
                    await FailedAsync($"report job {running.ReportRunId} did not complete after {_options.MaxReportPolls} polls", cancellationToken);
                    break;
                case ReportProgress.Running running:
                    pending.ReportRunId = running.ReportRunId;
                    RegisterOrUpdateReminder(ContinueReminder, _options.ReportPollInterval);
                    break;
            }
        }
        catch (MetaApiException e) when (e.IsRateLimit)
        {
            await RateLimitedAsync(pending, e, cancellationToken);
        }
        catch (MetaApiException e) when (e.IsTokenExpired)
        {
            LogTokenExpired(services.Logger, State.AccountId, EntityId);
            await services.Accounts.MarkTokenExpiredAsync(State.AccountId,
                $"Meta access token for ad account {State.AccountId} expired or was revoked (code 190): {e.Message}. Reconnect the account.", cancellationToken);
            await FinishAsync(null, [], $"access token expired (code 190): {e.Message}", cancellationToken);
        }
        catch (Exception e) when (e is MetaApiException or HttpRequestException or TimeoutRejectedException)
        {
            await FailedAsync(e.Message, cancellationToken);
        }
    }

    /// <summary>
    /// Holds the whole account (table row every grain reads) until Meta's estimate, or with exponential
    /// backoff when it gave none; out of retries, the refresh is reported as an error.
    /// </summary>
    private async Task RateLimitedAsync(PendingRefresh pending, MetaApiException error, CancellationToken cancellationToken)
    {
        pending.RateLimitRetries++;
        var wait = error.RetryAfter ?? _options.RateLimitRetryDelay * Math.Pow(2, pending.RateLimitRetries - 1);
        await services.Accounts.ThrottleAsync(State.AccountId, wait, $"code {error.Code}: {error.Message}", cancellationToken);
        LogRateLimited(services.Logger, State.AccountId, EntityId, error.Code, wait, pending.RateLimitRetries);
        if (pending.RateLimitRetries > _options.MaxRetries)
        {
            await services.Accounts.RaiseAlertAsync(State.AccountId, "rate_limit",
                $"Ad account {State.AccountId} stayed rate-limited after {_options.MaxRetries} retries (code {error.Code}).", cancellationToken);
            await FailedAsync($"Rate limit exceeded (code {error.Code}) after {_options.MaxRetries} retries", cancellationToken);
            return;
        }
        RegisterOrUpdateReminder(ContinueReminder, wait);
    }

    /// <summary>
    /// A refresh that failed at Meta's side. Seed 004 recommends an alert when a sync fails more than
    /// twice in a row: the third consecutive failure of an entity raises one for its account.
    /// </summary>
    private async Task FailedAsync(string error, CancellationToken cancellationToken)
    {
        if (++State.ConsecutiveFailures == FailuresBeforeAlert)
            await services.Accounts.RaiseAlertAsync(State.AccountId, "sync_failing",
                $"{EntityType} {EntityId} of ad account {State.AccountId} failed {FailuresBeforeAlert} refreshes in a row: {error}", cancellationToken);
        await FinishAsync(null, [], error, cancellationToken);
    }

    /// <summary>
    /// Stores the rows and reports into every waiting run in one round trip; <paramref name="succeededAt"/>
    /// is the account as read (its clock) when the refresh succeeded.
    /// </summary>
    private async Task FinishAsync(AdAccount? succeededAt, IReadOnlyList<InsightRow> rows, string? error, CancellationToken cancellationToken)
    {
        await services.Recorder.CompleteAsync(Ref, State.Pending?.SyncIds ?? [], rows, succeededAt is null ? error ?? "failed" : error, cancellationToken);
        if (succeededAt is not null && error is null)
        {
            State.LastSuccessAt = succeededAt.Now;
            State.ConsecutiveFailures = 0;
        }
        State.Pending = null;
        UnregisterReminder(ContinueReminder);
    }
}

using Orleans.Storage;
using Polly.Timeout;
using Silo.Hosting.Meta;
using Silo.Hosting.Work;
using Silo.Insights.Accounts;
using Silo.Insights.Alerts;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;
using Silo.Insights.Reports;

namespace Silo.Insights.Entities;

public abstract partial class AdEntityGrain
{
    private const int FailuresBeforeAlert = 3;

    /// <summary>When this activation's next step of the pending refresh is due (a fresh activation's: at once, and it reads the throttle).</summary>
    private DateTimeOffset? _nextStepAt;

    /// <summary>When the next step of the pending refresh is due; null when none is pending.</summary>
    private DateTimeOffset? RefreshStepAt() => State.Pending is null ? null : _nextStepAt ?? WorkLoop.AtOnce;

    /// <summary>When the next step of either piece of work (the pending refresh, the creative's archive) is due; null when none is owed.</summary>
    private DateTimeOffset? NextStepAt() => (RefreshStepAt(), CreativeStepAt()) switch
    {
        ({ } refresh, { } creative) => refresh < creative ? refresh : creative,
        var (refresh, creative) => refresh ?? creative,
    };

    /// <summary>
    /// The step after this one is due in <paramref name="due"/>, at the latest a backstop period from now: a hold on the
    /// account may be lifted early (by a person, or moved by another grain), and the step re-reads it.
    /// </summary>
    private void Step(TimeSpan due) => _nextStepAt = services.Time.GetUtcNow() + (due < _options.RefreshBackstop ? due : _options.RefreshBackstop);

    /// <summary>
    /// A step; one that fails other than on a stale write (the account's row unreadable, the report grain unreachable)
    /// keeps the refresh in hand and tries again a backstop period later.
    /// </summary>
    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        // The refresh goes first when both are due: a sync-now waits on it, nobody waits on a creative. With no refresh
        // pending, a step is the creative's (the loop calls one only when it is due).
        if (!(RefreshStepAt() <= now) && CreativeStepAt() is { } creativeAt && (creativeAt <= now || State.Pending is null))
        {
            await ArchiveCreativeAsync(cancellationToken);
            return;
        }
        try
        {
            await ContinueAsync(cancellationToken);
        }
        catch (Exception e) when (e is not InconsistentStateException && !cancellationToken.IsCancellationRequested)
        {
            LogStepFailed(services.Logger, e, State.AccountId, EntityId);
            Step(_options.RefreshBackstop);
        }
    }

    /// <summary>Stores the pending refresh with its backstop reminder registered first, so a lost node never strands it.</summary>
    private async Task PersistPendingAsync()
    {
        await Work.EnsureReminderAsync();
        await state.WriteStateAsync();
    }

    /// <summary>Takes the pending refresh one step: wait out the account's throttle, start or poll the report, or finish.</summary>
    private async Task ContinueAsync(CancellationToken cancellationToken)
    {
        if (State.Pending is not { } pending) return;
        _nextStepAt = null;
        var account = await services.Accounts.FindAsync(State.AccountId, cancellationToken);
        if (account is null)
        {
            await FinishAsync(null, [], "ad account is not connected", null);
            return;
        }
        if (account.Status == AdAccount.TokenExpired)
        {
            await FinishAsync(null, [], "access token expired (code 190): refresh stopped until the account is reconnected", null);
            return;
        }
        if (account.ThrottledFor > TimeSpan.Zero)
        {
            // Another grain of the account (or this one) met a limit: wait it out without calling.
            await PersistPendingAsync();
            Step(account.ThrottledFor);
            return;
        }
        if (!pending.Force && pending.ReportRunId is null && State.LastSuccessAt is { } last && account.Now - last < _options.FreshFor
            && State.LastDaysBack >= pending.DaysBack)
        {
            await FinishAsync(account, [], null, null);
            return;
        }

        if (_options.Mode == InsightsMode.Live && _options.AccountReports && pending.SyncIds.Count > 0)
        {
            await FromAccountReportAsync(account, pending);
            return;
        }

        try
        {
            // Starting a report job twice (a node lost before the job id was stored) only costs a call.
            var progress = pending.ReportRunId is null
                ? await services.Source.StartReportAsync(account, Ref, DateWindow.LastDays(pending.DaysBack, account.Now), cancellationToken)
                : await services.Source.PollReportAsync(account, Ref, pending.ReportRunId, cancellationToken);
            switch (progress)
            {
                case ReportProgress.Completed completed:
                    State.LastDaysBack = pending.DaysBack;
                    await FinishAsync(account, completed.Rows, null, null);
                    break;
                case ReportProgress.Running running when ++pending.Polls > _options.MaxReportPolls:
                    await FailedAsync($"report job {running.ReportRunId} did not complete after {_options.MaxReportPolls} polls", null);
                    break;
                case ReportProgress.Running running:
                    pending.ReportRunId = running.ReportRunId;
                    await PersistPendingAsync();
                    Step(_options.ReportPollInterval);
                    break;
            }
        }
        catch (GraphApiException e) when (e.IsRateLimit)
        {
            await RateLimitedAsync(pending, e, cancellationToken);
        }
        catch (GraphApiException e) when (e.IsTokenExpired)
        {
            LogTokenExpired(services.Logger, State.AccountId, EntityId);
            await services.Accounts.MarkTokenExpiredAsync(account,
                $"Meta access token for ad account {State.AccountId} expired or was revoked (code 190): {e.Message}. Reconnect the account.", cancellationToken);
            await FinishAsync(null, [], $"access token expired (code 190): {e.Message}", null);
        }
        catch (Exception e) when (e is GraphApiException or HttpRequestException or TimeoutRejectedException)
        {
            await FailedAsync(e.Message, null);
        }
    }

    /// <summary>
    /// Live mode: the rows come from the one report of the account at this entity's level for the run
    /// (<see cref="AccountReportGrain"/>), not from a job of its own.
    /// </summary>
    private async Task FromAccountReportAsync(AdAccount account, PendingRefresh pending)
    {
        // A job id of a per-entity refresh (AccountReports off when it started) is not a report key.
        if (pending.ReportRunId is { } id && !id.Contains('|', StringComparison.Ordinal)) pending.ReportRunId = null;
        // Not written on its own: a refresh resumed elsewhere derives the same key from the same run and days
        // (a day later only if it resumed after midnight, and then it asks that day's report). A failed call
        // to the report grain leaves the refresh pending for the backstop reminder, like a lost node.
        pending.ReportRunId ??= new AccountReportKey(State.AccountId, EntityType, DateWindow.LastDays(pending.DaysBack, account.Now),
            pending.SyncIds[0]).ToString();
        var answer = await GrainFactory.GetGrain<IAccountReportGrain>(pending.ReportRunId).Fetch(EntityId);
        switch (answer.Status)
        {
            case ReportStatus.Running:
                // The report grain waited for the rows already (a long poll): ask again at once.
                Step(TimeSpan.Zero);
                break;
            case ReportStatus.Completed:
                State.LastDaysBack = pending.DaysBack;
                await FinishAsync(account, answer.Rows, null, null);
                break;
            case ReportStatus.TokenExpired:
                await FinishAsync(null, [], answer.Error, null);
                break;
            case ReportStatus.RateLimited:
                await FailedAsync(answer.Error!, new InsightsAlertRaise(State.AccountId, "rate_limit",
                    $"Ad account {State.AccountId} stayed rate-limited after {_options.MaxRetries} retries."));
                break;
            default:
                await FailedAsync(answer.Error ?? "report failed", null);
                break;
        }
    }

    /// <summary>
    /// Holds the whole account (table row every grain reads) until Meta's estimate, or with exponential
    /// backoff when it gave none; out of retries, the refresh is reported as an error.
    /// </summary>
    private async Task RateLimitedAsync(PendingRefresh pending, GraphApiException error, CancellationToken cancellationToken)
    {
        pending.RateLimitRetries++;
        var wait = error.RetryAfter ?? _options.RateLimitRetryDelay * Math.Pow(2, pending.RateLimitRetries - 1);
        await services.Accounts.RateLimitedAsync(State.AccountId, error.Code ?? 0, wait, $"code {error.Code}: {error.Message}", cancellationToken);
        LogRateLimited(services.Logger, State.AccountId, EntityId, error.Code ?? 0, wait, pending.RateLimitRetries);
        if (pending.RateLimitRetries > _options.MaxRetries)
        {
            await FailedAsync($"Rate limit exceeded (code {error.Code}) after {_options.MaxRetries} retries",
                new InsightsAlertRaise(State.AccountId, "rate_limit",
                    $"Ad account {State.AccountId} stayed rate-limited after {_options.MaxRetries} retries (code {error.Code})."));
            return;
        }
        await PersistPendingAsync();
        Step(wait);
    }

    /// <summary>
    /// A refresh that failed at Meta's side. Seed 004 recommends an alert when a sync fails more than
    /// twice in a row: the third consecutive failure of an entity raises one for its account.
    /// </summary>
    private Task FailedAsync(string error, InsightsAlertRaise? alert)
    {
        if (++State.ConsecutiveFailures == FailuresBeforeAlert)
            alert ??= new InsightsAlertRaise(State.AccountId, "sync_failing",
                $"{EntityType} {EntityId} of ad account {State.AccountId} failed {FailuresBeforeAlert} refreshes in a row: {error}");
        return FinishAsync(null, [], error, alert);
    }

    /// <summary>
    /// Stores the rows, the outcome in every waiting run and the entity's row in one transaction
    /// (the row's version check fences all of it); <paramref name="succeededAt"/> is the account as
    /// read (its clock) when the refresh succeeded.
    /// </summary>
    private async Task FinishAsync(AdAccount? succeededAt, IReadOnlyList<InsightRow> rows, string? error, InsightsAlertRaise? alert)
    {
        var failed = succeededAt is null;
        State.Completion = new RefreshCompletion(EntityType, State.Pending?.SyncIds ?? [], rows, failed ? error ?? "failed" : error, alert);
        if (!failed && error is null)
        {
            State.LastSuccessAt = succeededAt!.Now;
            State.ConsecutiveFailures = 0;
        }
        State.LastError = State.Completion.Error;
        State.Pending = null;
        // Stored; the work loop then finds nothing pending and removes the backstop.
        await state.WriteStateAsync();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Silo.Hosting.Meta;
using Silo.Hosting.Hosting;
using Silo.Insights.Accounts;
using Silo.Insights.Entities;
using Silo.Insights.Hosting;
using Silo.Insights.Meta;

namespace Silo.Insights.Reports;

/// <summary>
/// Live mode's one report per account, level and run: starts one async job for the whole account
/// (POST <c>/act_{id}/insights level=…</c>), polls it, pages its rows and keeps them, per entity,
/// for the entity grains that fetch them; each entity then stores its own rows under its own
/// version check, so a stale activation of this grain (which writes no state) cannot make a row
/// wrong — at worst the report is asked twice. A job that fails, is skipped or outlasts
/// <see cref="InsightsOptions.MaxReportPolls"/> is asked again over the two halves of its days.
/// Its own grain rather than the account grain, so paging one level never holds discovery or the other levels.
/// Its waits (poll spacing, usage pauses, holds) run on Silo's clock, so a test can count them in fake time.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed partial class AccountReportGrain(LiveInsightsSource live, AccountLimits accounts, IOptions<InsightsOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, IHostApplicationLifetime node, ILogger<AccountReportGrain> logger)
    : Grain, IAccountReportGrain
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(10);

    private readonly InsightsOptions _options = options.Value;
    private readonly Dictionary<string, List<InsightRow>> _rows = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AccountReportKey _key = null!;
    private AdAccount? _account;
    private ReportAnswer? _end;
    private IGrainTimer? _run;
    private int _percent;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = AccountReportKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<ReportAnswer> Fetch(string entityId)
    {
        // The run is a timer of this grain, interleaved so fetches are answered while it pages.
        _run ??= this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan)
        {
            Interleave = true,
            KeepAlive = true,
        });
        // A long poll: waiting here wakes every entity the moment the rows are in, without a poll each;
        // bounded well inside Orleans' 30 s call timeout, and short enough for a queued Refresh of the entity.
        // Real time, not Silo's clock: it bounds an Orleans call, which times out in real time.
        // A stopping node answers at once: the entity asks again, and its call reaches the report's next activation.
        if (_end is null) await Task.WhenAny(_ended.Task, Task.Delay(LongPoll, node.ApplicationStopping));
        return _end switch
        {
            null => ReportAnswer.Running(_percent),
            { Status: ReportStatus.Completed } => new ReportAnswer(ReportStatus.Completed, _rows.TryGetValue(entityId, out var rows) ? rows : []),
            var ended => ended,
        };
    }

    private async Task RunAsync(CancellationToken timer)
    {
        // The node stopping ends the run where it is, however long its wait (a rate limit's hold is minutes): Orleans
        // waits for a running timer before it deactivates the grain, and so would hold the node's stop for its
        // deactivation timeout. The report is no one's state: the entities' next fetch starts it again on another node.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timer, node.ApplicationStopping);
        var cancellationToken = stopping.Token;
        try
        {
            _end = await ReportAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopped(logger, _key.AccountId, _key.Level);
            return;
        }
        catch (Exception e) when (e is GraphApiException or HttpRequestException or TimeoutRejectedException)
        {
            _end = ReportAnswer.Ended(ReportStatus.Failed, e.Message);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else (the database restarting under a read of the account) ends the report as
            // failed too: the run is a one-shot timer, so an escaped error would leave every entity
            // waiting on a report that never ends. The entities' refresh fails and is retried.
            LogRunFailed(logger, e, _key.AccountId, _key.Level);
            _end = ReportAnswer.Ended(ReportStatus.Failed, e.Message);
        }
        LogEnded(logger, _key.AccountId, _key.Level, _end.Status, _rows.Count, _rows.Values.Sum(r => r.Count));
        _ended.TrySetResult();
    }

    /// <summary>
    /// Each part in turn: the days, for every batch of <see cref="InsightsOptions.CampaignBatchSize"/> campaigns (or the whole
    /// account); a failed part is asked again as two halves of its days, up to <see cref="InsightsOptions.MaxReportSplits"/> times.
    /// </summary>
    private async Task<ReportAnswer> ReportAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string>?[] batches = _options.CampaignBatchSize > 0
            ? [.. (await accounts.CampaignIdsAsync(_key.AccountId, cancellationToken)).Chunk(_options.CampaignBatchSize)]
            : [null];
        var parts = new Queue<(DateWindow Window, int Splits, IReadOnlyList<string>? Campaigns)>(batches.Select(b => (_key.Window, 0, b)));
        var rateLimitRetries = 0;
        while (parts.TryDequeue(out var part))
        {
            try
            {
                if (await PartAsync(part.Window, part.Campaigns, cancellationToken) is { } ended) return ended;
            }
            catch (GraphApiException e) when (e.IsRateLimit)
            {
                // Held for every grain of the account; the part is asked again from its start once the hold ends.
                var wait = e.RetryAfter ?? _options.RateLimitRetryDelay * Math.Pow(2, rateLimitRetries);
                await accounts.RateLimitedAsync(_key.AccountId, e.Code ?? 0, wait, $"code {e.Code}: {e.Message}", cancellationToken);
                LogRateLimited(logger, _key.AccountId, _key.Level, e.Code ?? 0, wait, rateLimitRetries + 1);
                if (++rateLimitRetries > _options.MaxRetries)
                    return ReportAnswer.Ended(ReportStatus.RateLimited,
                        $"Rate limit exceeded (code {e.Code}) after {_options.MaxRetries} retries");
                parts = new Queue<(DateWindow, int, IReadOnlyList<string>?)>(parts.Prepend(part));
            }
            catch (GraphApiException e) when (e.IsTokenExpired)
            {
                if (_account is not null)
                    await accounts.MarkTokenExpiredAsync(_account,
                        $"Meta access token for ad account {_key.AccountId} expired or was revoked (code 190): {e.Message}. Reconnect the account.",
                        cancellationToken);
                return ReportAnswer.Ended(ReportStatus.TokenExpired, $"access token expired (code 190): {e.Message}");
            }
            catch (GraphApiException e) when (e.Code == LiveInsightsSource.ReportJobFailedCode)
            {
                if (part.Splits >= _options.MaxReportSplits || part.Window.Since == part.Window.Until) throw;
                var days = part.Window.Until.DayNumber - part.Window.Since.DayNumber + 1;
                var middle = part.Window.Since.AddDays(days / 2);
                LogSplit(logger, _key.AccountId, _key.Level, part.Window.Since, part.Window.Until, e.Message);
                parts.Enqueue((new DateWindow(part.Window.Since, middle.AddDays(-1)), part.Splits + 1, part.Campaigns));
                parts.Enqueue((new DateWindow(middle, part.Window.Until), part.Splits + 1, part.Campaigns));
            }
        }
        return new ReportAnswer(ReportStatus.Completed, []);
    }

    /// <summary>One job over <paramref name="window"/> (and <paramref name="campaigns"/>, null: all): start, poll, page; its rows are kept only once all are read.</summary>
    private async Task<ReportAnswer?> PartAsync(DateWindow window, IReadOnlyList<string>? campaigns, CancellationToken cancellationToken)
    {
        if (await ReadyAsync(newReport: true, cancellationToken) is not { } account) return Stopped();
        var reportRunId = await live.StartAccountReportAsync(account, _key.Level, window, campaigns, cancellationToken);
        for (var polls = 0; ; polls++)
        {
            if (polls > 0) await Task.Delay(_options.ReportPollInterval, time, cancellationToken);
            if (await ReadyAsync(newReport: false, cancellationToken) is not { } ready) return Stopped();
            if (await live.PollAccountReportAsync(ready, reportRunId, cancellationToken) is not { } percent) break;
            _percent = percent;
            if (polls + 1 >= _options.MaxReportPolls)
                throw new GraphApiException(200, LiveInsightsSource.ReportJobFailedCode, null,
                    $"report job {reportRunId} did not complete after {_options.MaxReportPolls} polls");
        }
        var rows = new List<InsightRow>();
        if (await ReadyAsync(newReport: false, cancellationToken) is not { } reader) return Stopped();
        await live.ReadAccountReportAsync(reader, _key.Level, reportRunId, rows.AddRange, cancellationToken);
        foreach (var row in rows)
        {
            if (!_rows.TryGetValue(row.EntityId, out var entityRows)) _rows[row.EntityId] = entityRows = [];
            entityRows.Add(row);
        }
        return null;
    }

    /// <summary>
    /// The account once it may be called: waits out a hold (95 % usage or a rate limit, set by any grain),
    /// a paused start of a new report (85 %: bounded by <see cref="InsightsOptions.RateLimitRetryDelay"/>,
    /// since only calls refresh the usage read) and a slowed call (70 %: one poll interval more).
    /// Null when the account is gone or its token expired.
    /// </summary>
    private async Task<AdAccount?> ReadyAsync(bool newReport, CancellationToken cancellationToken)
    {
        var paused = TimeSpan.Zero;
        while (true)
        {
            var account = _account = await accounts.FindAsync(_key.AccountId, cancellationToken);
            if (account is null || account.Status == AdAccount.TokenExpired) return null;
            if (account.ThrottledFor > TimeSpan.Zero)
                await Task.Delay(account.ThrottledFor, time, cancellationToken);
            else if (newReport && account.UsagePercent >= _options.PauseUsagePercent && paused < _options.RateLimitRetryDelay)
            {
                await Task.Delay(_options.ReportPollInterval, time, cancellationToken);
                paused += _options.ReportPollInterval;
            }
            else
            {
                if (account.UsagePercent >= _options.SlowUsagePercent) await Task.Delay(_options.ReportPollInterval, time, cancellationToken);
                return account;
            }
        }
    }

    private ReportAnswer Stopped() => _account is null
        ? ReportAnswer.Ended(ReportStatus.TokenExpired, "ad account is not connected")
        : ReportAnswer.Ended(ReportStatus.TokenExpired, "access token expired (code 190): refresh stopped until the account is reconnected");
}

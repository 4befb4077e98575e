using System.Text.Json;
using Silo.Hosting.Work;
using Silo.Media.Backfill;
using Silo.Media.Posts;

namespace Silo.Media.Patreon;

/// <summary>One step of the crawl: one call to Patreon in the current phase, its result stored with the state.</summary>
public sealed partial class PatreonCrawlGrain
{
    /// <summary>While the crawl runs: at once, or once its own rest and its token's are over.</summary>
    private DateTimeOffset? NextStepAt() => State.Exists && State.Status == BackfillStatus.Running
        ? Later(State.NotBefore, throttle.RestUntil(Token)) ?? WorkLoop.AtOnce
        : null;

    /// <summary>The token this crawl's calls send, whose rests it shares with every crawl of this node that sends it.</summary>
    private string Token => patreon.TokenFor(TenantToken);

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        // The phase's queue on this node: the step waits its turn, then calls Patreon.
        using var slot = await gate.EnterAsync(State.Phase, cancellationToken);
        // Another crawl on the token met a 429 while this step waited: rest with it, stored so that the status shows it
        // and a node taking the crawl over keeps it.
        // (A rest no later than its own is this crawl's own 429, due now: the loop may wake a hair early for it.)
        if (throttle.RestUntil(Token) is { } rest && rest > time.GetUtcNow() && rest > (State.NotBefore ?? DateTimeOffset.MinValue))
        {
            State.NotBefore = rest;
            await crawl.WriteStateAsync();
            return;
        }
        await (State.Phase switch
        {
            PatreonCrawlPhase.List => ReadListPageAsync(cancellationToken),
            PatreonCrawlPhase.Details => ReadNextPostAsync(cancellationToken),
            _ => ReadCollectionsAsync(cancellationToken),
        });
    }

    /// <summary>Phase 1: a page of the post list; its post ids are stored with the cursor of the next page.</summary>
    private async Task ReadListPageAsync(CancellationToken cancellationToken)
    {
        PatreonPostPage page;
        try
        {
            page = await patreon.ListPostsAsync(CampaignId, State.Cursor, options.Value.PageSize, TenantToken, cancellationToken);
        }
        catch (Exception e) when (IsCallFailure(e, cancellationToken))
        {
            await RecordFailureAsync(e, "the campaign's post list");
            return;
        }
        var ids = page.Posts.Select(p => PatreonPosts.Str(p, "id")).OfType<string>().ToList();
        (State.ListedPosts, State.ListedFrom) = (ids, State.PostsFound);
        State.PagesRead++;
        State.PostsFound += ids.Count;
        (State.Cursor, State.FailuresInRow, State.NotBefore) = (page.Next, 0, null);
        if (page.Next is null || ids.Count == 0) (State.Phase, State.Cursor) = (PatreonCrawlPhase.Details, null);
        await crawl.WriteStateAsync();
    }

    /// <summary>
    /// Phase 2: the next listed post's details, handed to its post grain, then marked handed. A crash between
    /// the two hands it on again, and the post grain recognises what it already holds.
    /// </summary>
    private async Task ReadNextPostAsync(CancellationToken cancellationToken)
    {
        var postId = await queries.NextListedAsync(CampaignId, State.Run, cancellationToken);
        if (postId is null)
        {
            State.Phase = PatreonCrawlPhase.Collections;
            await crawl.WriteStateAsync();
            return;
        }
        try
        {
            var details = PatreonPosts.Details(await patreon.GetPostAsync(postId, TenantToken, cancellationToken)) with { Id = postId };
            await GrainFactory.GetGrain<IPostGrain>(PostIds.Key(PatreonPosts.Source, postId)).Receive(PatreonPosts.ToPost(details, State.Tenant));
            State.PostRead = details;
            State.DetailsRead++;
        }
        catch (PatreonApiException e) when (e.IsNotFound)
        {
            // Deleted (or made private) since the list was read: nothing to archive, and nothing to retry.
            State.PostGone = postId;
            State.PostsGone++;
            LogPostGone(logger, CampaignId, postId);
        }
        catch (Exception e) when (IsCallFailure(e, cancellationToken) || e is OrleansException)
        {
            await RecordFailureAsync(e, $"post {postId}");
            return;
        }
        (State.FailuresInRow, State.NotBefore) = (0, null);
        await crawl.WriteStateAsync();
    }

    /// <summary>Phase 3: the campaign's tiers; stored with the crawl's end. Which posts each holds came with the posts (phase 2).</summary>
    private async Task ReadCollectionsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PatreonTier> tiers;
        try
        {
            tiers = await patreon.GetTiersAsync(CampaignId, TenantToken, cancellationToken);
        }
        catch (Exception e) when (IsCallFailure(e, cancellationToken))
        {
            await RecordFailureAsync(e, "the campaign's tiers");
            return;
        }
        (State.TiersRead, State.TiersFound) = ([.. tiers], tiers.Count);
        (State.Status, State.FinishedAt, State.NotBefore, State.FailuresInRow) = (BackfillStatus.Done, time.GetUtcNow(), null, 0);
        await crawl.WriteStateAsync();
        LogDone(logger, CampaignId, State.PostsFound, State.DetailsRead, State.TiersFound);
    }

    private static bool IsCallFailure(Exception e, CancellationToken cancellationToken) =>
        e is PatreonApiException or HttpRequestException or TimeoutException or JsonException or FormatException
        || e is TaskCanceledException && !cancellationToken.IsCancellationRequested;

    /// <summary>429: wait as Patreon says. 401/403: stop with the reason and an alert. 5xx, timeouts, network: retry with backoff. Other refusals: stop.</summary>
    private async Task RecordFailureAsync(Exception e, string what)
    {
        var now = time.GetUtcNow();
        if (e is PatreonApiException { IsRateLimit: true } limited)
        {
            var wait = limited.RetryAfter ?? options.Value.RateLimitWait;
            throttle.Rest(Token, now + wait);
            State.Slowdowns++;
            (State.NotBefore, State.LastError) = (now + wait, $"rate limited by Patreon (429) reading {what}; waiting until {now + wait:u}");
            LogRateLimited(logger, CampaignId, wait);
            await crawl.WriteStateAsync();
            return;
        }
        if (e is PatreonApiException { IsTokenRefused: true } refused)
        {
            await FailAsync($"Patreon refused the access token ({(int)refused.Status}) reading {what}: {refused.Detail}", alert: true);
            return;
        }
        if (e is PatreonApiException { IsTransient: false } other)
        {
            await FailAsync($"Patreon refused reading {what} ({(int)other.Status}): {other.Detail}", alert: false);
            return;
        }
        var error = e is PatreonApiException api ? $"Patreon API error {(int)api.Status} reading {what}: {api.Detail}" : $"reading {what}: {e.Message}";
        State.FailuresInRow++;
        if (State.FailuresInRow >= options.Value.MaxFailuresInRow)
        {
            await FailAsync($"{State.FailuresInRow} failures in a row; last: {error}", alert: false);
            return;
        }
        var retry = RetryAfter(State.FailuresInRow);
        (State.NotBefore, State.LastError) = (now + retry, error);
        await crawl.WriteStateAsync();
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private TimeSpan RetryAfter(int failuresInRow)
    {
        var o = options.Value;
        var wait = o.RetryDelay * Math.Pow(2, Math.Min(failuresInRow - 1, 20));
        return wait > o.MaxRetryDelay ? o.MaxRetryDelay : wait;
    }

    private async Task FailAsync(string reason, bool alert)
    {
        (State.Status, State.LastError, State.FinishedAt, State.NotBefore) = (BackfillStatus.Failed, reason, time.GetUtcNow(), null);
        // A refused token has its own alert (renew the token); any other stop is the run failing as a whole (seed 000).
        if (alert) State.AlertToRaise = $"Patreon campaign {CampaignId}: crawl stopped, {reason}";
        else State.RunFailedAlertToRaise = $"Patreon campaign {CampaignId}: crawl stopped on an error: {reason}. Resume it once the cause is fixed.";
        await crawl.WriteStateAsync();
        LogFailed(logger, CampaignId, reason);
    }
}

using System.Text.Json;
using Silo.Hosting.Meta;
using Silo.Hosting.Work;
using Silo.Media.Meta;
using Silo.Media.Posts;

namespace Silo.Media.Backfill;

/// <summary>One step of the walk: one Graph API page read, its posts handed on, the cursor stored.</summary>
public sealed partial class BackfillGrain
{
    /// <summary>While the walk runs: at once, or after its own rest or its token's, whichever ends later.</summary>
    private DateTimeOffset? NextStepAt() => State.Exists && State.Status == BackfillStatus.Running
        ? Later(State.NotBefore, throttle.RestUntil(graph.TokenFor(State.AccountId))) ?? WorkLoop.AtOnce
        : null;

    private Task StepAsync(CancellationToken cancellationToken) => ReadPageAsync(graph.TokenFor(State.AccountId), cancellationToken);

    private async Task ReadPageAsync(string? token, CancellationToken cancellationToken)
    {
        GraphListPage page;
        List<PostReceived> posts;
        try
        {
            var o = options.Value;
            page = State.Source == "instagram"
                ? await graph.ListInstagramHistoryAsync(State.AccountId, State.Cursor, State.Since, State.Until, o.PageSize, cancellationToken)
                : await graph.ListPagePostsAsync(State.AccountId, State.Cursor, State.Since, State.Until, o.PageSize, cancellationToken);
            posts = [.. page.Items.Select(ToPost)];
            // Every post is stored by its grain before the page counts as read: a step cut short here
            // reads the page again, and each post grain recognises what it already holds.
            await Task.WhenAll(posts.Select(p => GrainFactory.GetGrain<IPostGrain>(PostIds.Key(p.Source, p.SourcePostId)).Receive(p)));
        }
        catch (GraphApiException e)
        {
            await RecordRefusalAsync(e, token);
            return;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or FormatException or JsonException
            || e is TaskCanceledException && !cancellationToken.IsCancellationRequested || e is OrleansException)
        {
            await RecordTransientAsync(e.Message);
            return;
        }
        await RecordPageAsync(page, posts, token);
    }

    private async Task RecordPageAsync(GraphListPage page, List<PostReceived> posts, string? token)
    {
        var now = time.GetUtcNow();
        State.PagesRead++;
        State.PostsFound += posts.Count;
        foreach (var at in page.Items.Select(GraphPosts.PublishedAt).OfType<DateTimeOffset>())
        {
            State.OldestReached = State.OldestReached is { } oldest && oldest <= at ? oldest : at;
            State.NewestReached = State.NewestReached is { } newest && newest >= at ? newest : at;
        }
        State.HandedPostIds = [.. posts.Select(p => PostIds.Key(p.Source, p.SourcePostId))];
        (State.Cursor, State.FailuresInRow, State.RefusalsInRow, State.LastUsagePercent) = (page.After, 0, 0, (int)page.Usage.Percent);
        var pause = RatePolicy.PauseAfter(page.Usage, options.Value);
        State.NotBefore = pause > TimeSpan.Zero ? now + pause : null;
        if (pause > TimeSpan.Zero)
        {
            State.Slowdowns++;
            throttle.Rest(token, now + pause);
        }
        var last = page.After is null || page.Items.Count == 0;
        if (last) (State.Status, State.FinishedAt, State.NotBefore, State.Cursor) = (BackfillStatus.Done, now, null, null);
        await walk.WriteStateAsync();
        if (last) LogDone(logger, Key, State.PagesRead, State.PostsFound);
    }

    private async Task RecordRefusalAsync(GraphApiException e, string? token)
    {
        var now = time.GetUtcNow();
        if (RatePolicy.IsRateLimit(e))
        {
            State.RefusalsInRow++;
            State.Slowdowns++;
            var rest = RatePolicy.RestAfterRefusal(e.Usage, State.RefusalsInRow, options.Value);
            State.NotBefore = now + rest;
            throttle.Rest(token, now + rest);
            State.LastError = $"rate limited by Meta (code {e.Code}): {e.GraphMessage}; resting until {State.NotBefore:u}";
            LogRateLimited(logger, Key, e.Code ?? 0, rest);
            await walk.WriteStateAsync();
            return;
        }
        if (RatePolicy.IsTokenRefused(e))
        {
            var reason = e.Subcode == 463 ? "the page token has expired" : "the page token was refused (expired or revoked)";
            await FailAsync($"{reason} (code {e.Code}{(e.Subcode is { } s ? $"/{s}" : "")}): {e.GraphMessage}", alert: true);
            return;
        }
        if (RatePolicy.IsTransient(e))
        {
            await RecordTransientAsync($"Graph API error {e.Status} (code {e.Code}): {e.GraphMessage}");
            return;
        }
        await FailAsync($"Graph API refused the read ({e.Status}, code {e.Code}): {e.GraphMessage ?? e.Message}", alert: false);
    }

    private async Task RecordTransientAsync(string error)
    {
        State.FailuresInRow++;
        if (State.FailuresInRow >= options.Value.MaxFailuresInRow)
        {
            await FailAsync($"{State.FailuresInRow} failures in a row; last: {error}", alert: false);
            return;
        }
        var wait = RatePolicy.RetryAfter(State.FailuresInRow, options.Value);
        (State.NotBefore, State.LastError) = (time.GetUtcNow() + wait, error);
        await walk.WriteStateAsync();
    }

    private async Task FailAsync(string reason, bool alert)
    {
        (State.Status, State.LastError, State.FinishedAt, State.NotBefore) = (BackfillStatus.Failed, reason, time.GetUtcNow(), null);
        var what = $"{(State.Source == "instagram" ? "Instagram account" : "Page")} {State.AccountId}: history walk stopped";
        // A refused token has its own alert (renew the token); any other stop is the run failing as a whole (seed 000).
        if (alert) State.AlertToRaise = $"{what}, {reason}";
        else State.RunFailedAlertToRaise = $"{what} on an error: {reason}. Resume it once the cause is fixed.";
        await walk.WriteStateAsync();
        LogFailed(logger, Key, reason);
    }

    private PostReceived ToPost(JsonElement item) => State.Source == "instagram"
        ? GraphPosts.FromInstagramMedia(item, State.Tenant)
        : GraphPosts.FromPagePost(item, State.Tenant);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

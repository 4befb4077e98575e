using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Silo.Hosting.Cluster;
using Silo.Hosting.Hosting;
using Silo.Media.Archiving;
using Silo.Media.Meta;
using Silo.Hosting.Tenants;

namespace Silo.Media.Posts;

/// <summary>
/// One connected Instagram account. Instagram announces no new media by webhook, so this grain polls
/// <c>/{ig-user-id}/media</c> on a periodic reminder and hands each media it has not seen to its post
/// grain, which stores it before the poll goes on.
/// </summary>
[GrainType(GrainType)]
public sealed partial class InstagramAccountGrain(
    [PersistentState("instagram-account", StorageNames.Opaque)] IPersistentState<InstagramAccountState> account,
    TenantOwnership ownership,
    MetaGraphClient graph, IOptions<MediaOptions> options, IOptions<ReminderOptions> reminderOptions,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<InstagramAccountGrain> logger) : Grain, IInstagramAccountGrain, IRemindable
{
    public const string GrainType = "instagram-account";
    public const string PollReminder = "poll";
    private const int MaxPagesPerPoll = 20;
    private const int SeenIdsKept = 5000;

    private IGrainTimer? _firstPoll;

    private InstagramAccountState State => account.State;

    public async Task<bool> Connect(InstagramAccountConnected connected)
    {
        // The operator decides whose account it is (Silo:Tenants), never the first to connect it; and one tenant's
        // account is never handed to another: its posts would go to the new tenant.
        if (!ownership.MayActOn(connected.CallerTenant, connected.Tenant, AssetKind.InstagramAccount, connected.IgUserId)) return false;
        if (State.Tenant is { } owner && owner != connected.Tenant) return false;
        (State.IgUserId, State.Tenant) = (connected.IgUserId, connected.Tenant);
        var interval = options.Value.InstagramPollInterval > reminderOptions.Value.MinimumReminderPeriod
            ? options.Value.InstagramPollInterval
            : reminderOptions.Value.MinimumReminderPeriod;
        await this.RegisterOrUpdateReminder(PollReminder, interval, interval);
        await account.WriteStateAsync();
        // The first poll runs right after the call returns, not inside it: the Graph API is not the caller's to wait on.
        _firstPoll?.Dispose();
        _firstPoll = this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == PollReminder && State.IgUserId is not null ? PollAsync(CancellationToken.None) : Task.CompletedTask;

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var seen = State.SeenMediaIds.ToHashSet();
        var fresh = new List<string>();
        string? after = null;
        var completed = false;
        try
        {
            for (var page = 0; page < MaxPagesPerPoll; page++)
            {
                var (media, next) = await graph.ListInstagramMediaAsync(State.IgUserId!, after, cancellationToken);
                var posts = media.Where(item => !seen.Contains(item.GetProperty("id").GetString()!)).Select(ToPost).ToList();
                // Each post is stored by its grain before it counts as seen: a poll cut short sends the
                // rest again next time, and a post grain recognises what it already holds.
                await Task.WhenAll(posts.Select(p => GrainFactory.GetGrain<IPostGrain>(PostIds.Key("instagram", p.SourcePostId)).Receive(p)));
                foreach (var p in posts) if (seen.Add(p.SourcePostId)) fresh.Add(p.SourcePostId);
                // Newest come first: a page with nothing new means the rest was seen on an earlier poll.
                if (next is null || posts.Count == 0) break;
                after = next;
            }
            completed = true;
        }
        finally
        {
            // What was stored is remembered even when a later page failed.
            if (completed || fresh.Count > 0)
            {
                State.SeenMediaIds = [.. fresh, .. State.SeenMediaIds.Take(SeenIdsKept - fresh.Count)];
                if (completed) State.LastPolledAt = time.GetUtcNow();
                await account.WriteStateAsync();
            }
        }
        if (fresh.Count > 0) LogNewMedia(logger, State.IgUserId!, fresh.Count);
    }

    private PostReceived ToPost(JsonElement media) => GraphPosts.FromInstagramMedia(media, State.Tenant!);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instagram account {IgUserId}: {Count} new media sent for archiving")]
    private static partial void LogNewMedia(ILogger logger, string igUserId, int count);
}

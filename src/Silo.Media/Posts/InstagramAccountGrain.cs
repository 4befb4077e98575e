using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Silo.Media.Archiving;
using Silo.Media.Meta;
using Silo.Hosting.Grains;

namespace Silo.Media.Posts;

/// <summary>
/// One connected Instagram account. Instagram announces no new media by webhook, so this grain polls
/// <c>/{ig-user-id}/media</c> on a periodic reminder and sends each media it has not seen to its post grain.
/// </summary>
public sealed partial class InstagramAccountGrain(MetaGraphClient graph, IOptions<MediaOptions> options, TimeProvider time,
    ILogger<InstagramAccountGrain> logger) : Grain<InstagramAccountState>
{
    public const string GrainType = "instagram-account";
    public const string PollReminder = "poll";
    private const int MaxPagesPerPoll = 20;
    private const int SeenIdsKept = 5000;

    public override async Task ReceiveAsync(object message, CancellationToken cancellationToken)
    {
        if (message is not InstagramAccountConnected connected)
        {
            await base.ReceiveAsync(message, cancellationToken);
            return;
        }
        (State.IgUserId, State.Tenant) = (connected.IgUserId, connected.Tenant);
        RegisterOrUpdateReminder(PollReminder, options.Value.InstagramPollInterval, options.Value.InstagramPollInterval);
        await PollAsync(cancellationToken);
    }

    public override Task ReceiveReminder(string reminderName, TickStatus status, CancellationToken cancellationToken) =>
        reminderName == PollReminder && State.IgUserId is not null ? PollAsync(cancellationToken) : Task.CompletedTask;

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var seen = State.SeenMediaIds.ToHashSet();
        var fresh = new List<string>();
        string? after = null;
        for (var page = 0; page < MaxPagesPerPoll; page++)
        {
            var (media, next) = await graph.ListInstagramMediaAsync(State.IgUserId!, after, cancellationToken);
            var newOnPage = 0;
            foreach (var item in media)
            {
                var id = item.GetProperty("id").GetString()!;
                if (!seen.Add(id)) continue;
                newOnPage++;
                fresh.Add(id);
                Send(PostIds.For("instagram", id), ToPost(item), messageId: $"ig-media:{id}");
            }
            // Newest come first: a page with nothing new means the rest was seen on an earlier poll.
            if (next is null || newOnPage == 0) break;
            after = next;
        }
        State.SeenMediaIds = [.. fresh, .. State.SeenMediaIds.Take(SeenIdsKept - fresh.Count)];
        State.LastPolledAt = time.GetUtcNow();
        if (fresh.Count > 0) LogNewMedia(logger, State.IgUserId!, fresh.Count);
    }

    private PostReceived ToPost(JsonElement media)
    {
        string? Str(string name) => media.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var id = Str("id")!;
        return new PostReceived("instagram", id, State.Tenant!, Str("caption"), Str("media_type")?.ToLowerInvariant(),
            MetaGraphClient.InstagramSlots(media), GraphObjectId: id, Permalink: Str("permalink"),
            IsStory: Str("media_product_type") == "STORY");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instagram account {IgUserId}: {Count} new media sent for archiving")]
    private static partial void LogNewMedia(ILogger logger, string igUserId, int count);
}

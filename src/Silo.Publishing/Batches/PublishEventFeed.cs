using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Silo.Hosting.Notifications;

namespace Silo.Publishing.Batches;

/// <summary>
/// A batch's events for one SSE client: first those stored after the client's last seen id, then each
/// new one as the grain commits it. Woken by NOTIFY (and by a listener reconnect, after which it
/// re-reads), never by polling; ends after the event that ends the batch. While nothing happens it
/// yields a keep-alive (<see cref="KeepAliveType"/>) so proxies do not close an idle stream.
/// </summary>
public sealed class PublishEventFeed(PublishBatches batches, NotificationListener notifications, IOptions<PublishingOptions> options)
{
    public const string KeepAliveType = "";

    /// <summary>An event as the feed yields it (stored JSON), for a surface that sends typed messages rather than the JSON.</summary>
    public static PublishEvent Parse(string json) => JsonSerializer.Deserialize<PublishEvent>(json, PublishBatchStorage.Json)!;

    public async IAsyncEnumerable<(long Seq, string Type, string Json)> ReadAsync(string batchId, long afterSeq,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        // Subscribe before the first read so an event committed in between is not missed.
        using var subscription = notifications.Subscribe(PublishBatchSql.EventsChannel, payload =>
        {
            if (payload is null || payload == batchId) wake.Writer.TryWrite(true);
        });
        var last = afterSeq;
        while (true)
        {
            var events = await batches.EventsAfterAsync(batchId, last, cancellationToken);
            if (events.Count == 0 && await batches.HasEndedAsync(batchId, cancellationToken))
            {
                // The batch may have ended between the two reads: its final events commit with its final
                // status, so a read after seeing it ended finds them all. Nothing there: the client had
                // everything (a reconnect after the end) and the stream is over.
                events = await batches.EventsAfterAsync(batchId, last, cancellationToken);
                if (events.Count == 0) yield break;
            }
            foreach (var (seq, json) in events)
            {
                last = seq;
                var e = Parse(json);
                yield return (seq, e.Type, json);
                if (e.EndsStream) yield break;
            }
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(options.Value.StreamKeepAlive);
            bool woken;
            try
            {
                woken = await wake.Reader.WaitToReadAsync(quiet.Token) && wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                woken = false;
            }
            if (!woken) yield return (0, KeepAliveType, "");
        }
    }
}

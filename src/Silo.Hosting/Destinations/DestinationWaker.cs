using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Hosting.Notifications;

namespace Silo.Hosting.Destinations;

/// <summary>
/// Wakes the destinations that hear a committed event: the outbox's trigger NOTIFYs the event's tenant, and this node wakes
/// those destinations' grains. Wake-ups coalesce per tenant; a lost notification (a reconnect) wakes every destination, and
/// a missed one is found by the destination's own reminder.
/// </summary>
public sealed partial class DestinationWaker(NotificationListener listener, DestinationStore store, IGrainFactory grains,
    ILogger<DestinationWaker> logger) : BackgroundService
{
    public const string Channel = "silo_notification_events";

    // "" stands for every destination.
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = listener.Subscribe(Channel, tenant =>
        {
            if (_pending.TryAdd(tenant ?? "", 0)) _signal.Release();
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await _signal.WaitAsync(stoppingToken); }
            catch (OperationCanceledException) { return; }
            foreach (var tenant in _pending.Keys)
            {
                _pending.TryRemove(tenant, out _);
                try
                {
                    foreach (var id in await store.ListenersAsync(tenant.Length == 0 ? null : tenant, stoppingToken))
                        await grains.GetGrain<IDestinationGrain>(id).Wake();
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogWakeFailed(logger, e, tenant);
                }
            }
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not wake the destinations of tenant '{Tenant}'; their reminders will find the events")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string tenant);
}

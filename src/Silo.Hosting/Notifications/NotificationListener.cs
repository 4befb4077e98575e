using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Silo.Hosting.Notifications;

/// <summary>
/// One LISTEN connection per node, fanned out to in-process subscribers (SSE streams, sync runs).
/// After a reconnect every subscriber is called once with a null payload: notifications sent while
/// the connection was down are lost, so subscribers re-read what they watch.
/// </summary>
public sealed partial class NotificationListener(NpgsqlDataSource database, NotificationChannels channels, ILogger<NotificationListener> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action<string?>>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="onNotification"/> for each notification on <paramref name="channel"/> until disposed.</summary>
    public IDisposable Subscribe(string channel, Action<string?> onNotification)
    {
        if (!channels.Contains(channel))
            throw new InvalidOperationException($"Channel '{channel}' is not registered; add it with AddNotificationChannel.");
        var id = Guid.NewGuid();
        var list = _subscribers.GetOrAdd(channel, _ => new());
        list[id] = onNotification;
        return new Subscription(() => list.TryRemove(id, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var everConnected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                foreach (var channel in channels)
                {
                    await using var listen = new NpgsqlCommand($"listen \"{channel}\"", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                if (everConnected) DispatchAll(null);
                everConnected = true;
                delay = TimeSpan.FromMilliseconds(200);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListenFailed(e, delay);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                DispatchAll(null);
            }
        }
    }

    private void Dispatch(string channel, string? payload)
    {
        if (!_subscribers.TryGetValue(channel, out var list)) return;
        foreach (var callback in list.Values)
        {
            try { callback(payload); }
            catch (Exception e) { LogSubscriberFailed(e, channel); }
        }
    }

    private void DispatchAll(string? payload)
    {
        foreach (var channel in _subscribers.Keys) Dispatch(channel, payload);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN connection failed; reconnecting in {Delay}")]
    private partial void LogListenFailed(Exception error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber to {Channel} threw")]
    private partial void LogSubscriberFailed(Exception error, string channel);
}

/// <summary>The channels this node LISTENs on; modules add theirs at start-up.</summary>
public sealed class NotificationChannels : HashSet<string>
{
    public NotificationChannels() : base(StringComparer.Ordinal) { }
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Silo.Gateway.Dashboard.Sections;
using Silo.Hosting.Hosting;

namespace Silo.Gateway.Dashboard;

/// <summary>
/// The one snapshot loop behind every open dashboard on this node. Every refresh interval (sooner
/// when work is announced on LISTEN/NOTIFY, but never more often than half the interval) it reads
/// each section once, serializes the snapshot once, and hands the same text to every subscriber.
/// A hundred open pages cost the database what one does; with nobody watching it reads nothing.
/// </summary>
internal sealed partial class DashboardHub(
    NpgsqlDataSource database,
    IEnumerable<IDashboardSection> sections,
    SiloNode node,
    IOptions<DashboardOptions> options,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time,
    ILogger<DashboardHub> logger) : BackgroundService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<Guid, Channel<string>> _subscribers = new();
    private readonly Dictionary<string, (DateTimeOffset At, object Value)> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile string? _latest;

    public int SubscriberCount => _subscribers.Count;

    /// <summary>
    /// Snapshots for one page, latest first. A slow page never holds the loop up: it only ever has
    /// the newest snapshot waiting (older ones are dropped), which is all a dashboard needs.
    /// </summary>
    public ChannelReader<string> Subscribe(out IDisposable subscription)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        if (_latest is { } latest) channel.Writer.TryWrite(latest);
        _subscribers[id] = channel;
        Wake();
        subscription = new Unsubscribe(() =>
        {
            if (_subscribers.TryRemove(id, out var removed)) removed.Writer.TryComplete();
        });
        return channel.Reader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.RunsGateway) return;
        var interval = options.Value.RefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSnapshotFailed(e);
            }
            // Notifications can arrive hundreds of times a second under load: they only bring the
            // next snapshot forward, to no sooner than half an interval after the last.
            var elapsed = time.GetElapsedTime(started);
            var floor = interval / 2 - elapsed;
            try
            {
                if (floor > TimeSpan.Zero) await Task.Delay(floor, time, stoppingToken);
                await _wake.WaitAsync(interval - (floor > TimeSpan.Zero ? floor : TimeSpan.Zero), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One refresh: when anyone watches, builds and pushes a snapshot.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_subscribers.IsEmpty)
        {
            // Whoever opens a page next must not be shown a snapshot from when the last one closed.
            _latest = null;
            return;
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        var now = time.GetUtcNow();
        var snapshot = new Dictionary<string, object?> { ["at"] = now };
        foreach (var section in sections)
        {
            if (!_cache.TryGetValue(section.Name, out var cached) || now - cached.At >= section.MaxAge)
            {
                try
                {
                    cached = (now, await section.ReadAsync(connection, cancellationToken));
                }
                catch (PostgresException e)
                {
                    // One section failing (a migration mid-flight, a lock timeout) shows why and keeps the rest.
                    cached = (now, new Dictionary<string, object?> { ["error"] = e.MessageText });
                    LogSectionFailed(e, section.Name);
                }
                _cache[section.Name] = cached;
            }
            snapshot[section.Name] = cached.Value;
        }
        var text = JsonSerializer.Serialize(snapshot, Json);
        _latest = text;
        foreach (var channel in _subscribers.Values) channel.Writer.TryWrite(text);
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard snapshot failed; the next refresh tries again")]
    private partial void LogSnapshotFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard section {Section} failed")]
    private partial void LogSectionFailed(Exception error, string section);
}

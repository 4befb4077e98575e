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
using Silo.Hosting.Tenants;

namespace Silo.Gateway.Dashboard;

/// <summary>
/// The one snapshot loop behind every open dashboard on this node. Every refresh interval (sooner
/// when work is announced on LISTEN/NOTIFY, but never more often than half the interval) it reads
/// each section once per tenant that has a page open, serializes that tenant's snapshot once, and
/// hands the same text to each of its pages: a tenant's pages see only its own rows (a key of tenant
/// <c>*</c> sees every tenant's). A hundred open pages of one tenant cost the database what one does;
/// a tenant with no page open costs nothing, and with nobody watching it reads nothing.
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

    private readonly ConcurrentDictionary<Guid, Subscriber> _subscribers = new();
    private readonly Dictionary<(string Tenant, string Section), (DateTimeOffset At, object Value)> _cache = [];
    private readonly ConcurrentDictionary<string, string> _latest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);

    public int SubscriberCount => _subscribers.Count;

    /// <summary>
    /// Snapshots for one page of <paramref name="tenant"/> (the key's; <c>*</c>: every tenant's), latest first. A slow page
    /// never holds the loop up: it only ever has the newest snapshot waiting (older ones are dropped), which is all a
    /// dashboard needs.
    /// </summary>
    public ChannelReader<string> Subscribe(string tenant, out IDisposable subscription)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        if (_latest.TryGetValue(tenant, out var latest)) channel.Writer.TryWrite(latest);
        _subscribers[id] = new Subscriber(tenant, channel);
        Wake();
        subscription = new Unsubscribe(() =>
        {
            if (_subscribers.TryRemove(id, out var removed)) removed.Channel.Writer.TryComplete();
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

    /// <summary>One refresh: for each tenant with a page open, builds its snapshot and pushes it to its pages.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var watched = _subscribers.Values.GroupBy(s => s.Tenant, StringComparer.Ordinal).ToList();
        var tenants = watched.Select(w => w.Key).ToHashSet(StringComparer.Ordinal);
        // Whoever of a tenant opens a page next must not be shown a snapshot from when its last one closed.
        foreach (var tenant in _latest.Keys.Where(t => !tenants.Contains(t)))
            _latest.TryRemove(tenant, out _);
        foreach (var key in _cache.Keys.Where(k => !tenants.Contains(k.Tenant)).ToList())
            _cache.Remove(key);
        if (watched.Count == 0) return;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        var now = time.GetUtcNow();
        foreach (var pages in watched)
        {
            var text = JsonSerializer.Serialize(await SnapshotAsync(connection, pages.Key, now, cancellationToken), Json);
            _latest[pages.Key] = text;
            foreach (var page in pages) page.Channel.Writer.TryWrite(text);
        }
    }

    private async Task<Dictionary<string, object?>> SnapshotAsync(NpgsqlConnection connection, string tenant, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var snapshot = new Dictionary<string, object?> { ["at"] = now };
        foreach (var section in sections)
        {
            if (!_cache.TryGetValue((tenant, section.Name), out var cached) || now - cached.At >= section.MaxAge)
            {
                try
                {
                    cached = (now, await section.ReadAsync(connection, tenant is TenantOwnership.AllTenants ? null : tenant, cancellationToken));
                }
                catch (PostgresException e)
                {
                    // One section failing (a migration mid-flight, a lock timeout) shows why and keeps the rest.
                    cached = (now, new Dictionary<string, object?> { ["error"] = e.MessageText });
                    LogSectionFailed(e, section.Name);
                }
                _cache[(tenant, section.Name)] = cached;
            }
            snapshot[section.Name] = cached.Value;
        }
        return snapshot;
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); } catch (SemaphoreFullException) { }
        }
    }

    private sealed record Subscriber(string Tenant, Channel<string> Channel);

    private sealed class Unsubscribe(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard snapshot failed; the next refresh tries again")]
    private partial void LogSnapshotFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard section {Section} failed")]
    private partial void LogSectionFailed(Exception error, string section);
}

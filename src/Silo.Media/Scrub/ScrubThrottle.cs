using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Silo.Hosting.Hosting;

namespace Silo.Media.Scrub;

/// <summary>
/// The node's budget of scrub reads (<see cref="ScrubOptions.BytesPerSecond"/>): a bucket that fills at that rate and holds
/// at most one second's worth, so whatever reads a node's scrub does, its store sees no more than the rate on average.
/// </summary>
public sealed class ScrubThrottle(IOptions<ScrubOptions> options, [FromKeyedServices(SiloClock.Key)] TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly double _rate = options.Value.BytesPerSecond;
    private double _available = options.Value.BytesPerSecond;
    private long _filledAt = time.GetTimestamp();

    /// <summary>Takes <paramref name="bytes"/> from the budget, waiting for as long as it runs short.</summary>
    public async Task TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _available = Math.Min(_rate, _available + time.GetElapsedTime(_filledAt, now).TotalSeconds * _rate) - bytes;
            _filledAt = now;
            wait = _available >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_available / _rate);
        }
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);
    }
}

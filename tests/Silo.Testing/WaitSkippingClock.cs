using Microsoft.Extensions.Time.Testing;

namespace Silo.Testing;

/// <summary>
/// A fake clock on which a short wait takes no real time: each one-shot timer due within
/// <paramref name="maxSkip"/> moves the clock to its due moment (never back) and fires. The product's
/// waits are thus counted in fake time exactly, and a simulator stamping its requests from the same
/// clock sees them spaced by those waits and nothing else. Longer or periodic timers (a background
/// check's hourly tick) wait for <see cref="FakeTimeProvider.Advance"/> as on any fake clock.
/// </summary>
public sealed class WaitSkippingClock(DateTimeOffset start, TimeSpan maxSkip) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= maxSkip && period == Timeout.InfiniteTimeSpan)
        {
            var due = GetUtcNow() + dueTime;
            // Off the caller's thread: Task.Delay holds its timer only once CreateTimer has returned.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                lock (_gate)
                {
                    if (GetUtcNow() < due) SetUtcNow(due);
                }
            });
        }
        return timer;
    }
}

using Microsoft.Extensions.Logging;

namespace Silo.Hosting.Work;

/// <summary>
/// The <see cref="WorkLoop"/> of a grain whose work is rows of a table that other nodes commit (an intake shard's posts,
/// a destination's events). The grain holds nothing of its own, so an activation starts with a look at the rows; a nudge
/// or a tick of its standing reminder (the only thing that finds rows a dead writer never nudged about) makes another look
/// due; each look says whether more rows wait at once and when rows that failed are due again.
/// </summary>
public sealed class RowWork
{
    private readonly WorkLoop _loop;
    private readonly string _reminderName;
    private readonly Func<CancellationToken, Task<RowLook>> _look;
    private readonly TimeProvider _time;
    // Kept in memory only: an activation starts with a look, so a fresh one after a crash misses nothing.
    private bool _lookDue = true;
    private DateTimeOffset? _retryAt;

    public RowWork(Grain grain, string reminderName, TimeSpan reminderPeriod, TimeSpan minimumReminderPeriod,
        Func<CancellationToken, Task<RowLook>> look, TimeProvider time, ILogger logger)
    {
        (_reminderName, _look, _time) = (reminderName, look, time);
        _loop = new WorkLoop(grain, state: null, reminderName, reminderPeriod, minimumReminderPeriod,
            () => _lookDue ? WorkLoop.AtOnce : _retryAt, StepAsync, time, logger) { StandingReminder = true };
    }

    /// <summary>The standing reminder first, then a look.</summary>
    public Task StartAsync() => _loop.StartAsync();

    /// <summary>Rows may have arrived: a look right after this turn (a look under way is followed by another).</summary>
    public void Nudge()
    {
        _lookDue = true;
        _loop.Wake();
    }

    public void OnReminder(string reminderName)
    {
        if (reminderName == _reminderName) _lookDue = true;
        _loop.OnReminder(reminderName);
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        // A nudge during the look sets the flag again, and the loop looks once more.
        _lookDue = false;
        if (_retryAt <= _time.GetUtcNow()) _retryAt = null;
        var look = await _look(cancellationToken);
        if (look.LookAgain) _lookDue = true;
        _retryAt = Earliest(_retryAt, look.RetryAt);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}

/// <summary>What a look at the rows found: more rows wait at once, and when the earliest failed row is due again.</summary>
public readonly record struct RowLook(bool LookAgain = false, DateTimeOffset? RetryAt = null);

using System.Diagnostics;

namespace Silo.Benchmarks.Running;

/// <summary>Waits until a count of outstanding timers reaches zero, polling the database, within a deadline.</summary>
internal static class Completion
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <returns>The time from <paramref name="released"/> until the database showed no timer outstanding.</returns>
    public static async Task<TimeSpan> WaitAsync(BenchmarkDatabase database, string outstandingSql, Stopwatch released,
        TimeSpan deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var outstanding = await database.CountAsync(outstandingSql, cancellationToken);
            if (outstanding == 0) return released.Elapsed;
            if (released.Elapsed > deadline)
                throw new TimeoutException($"{outstanding} timers still outstanding after {deadline}.");
            await Task.Delay(Poll, cancellationToken);
        }
    }
}

namespace Silo.Hosting.Hosting;

/// <summary>
/// The clock Silo's own code reads, a keyed <see cref="TimeProvider"/>
/// (<c>[FromKeyedServices(SiloClock.Key)] TimeProvider time</c>). Orleans reads the unkeyed one for
/// membership, timers and reminders; keeping ours apart lets a test move Silo's time
/// (FakeTimeProvider) without stopping the cluster under it.
/// </summary>
public static class SiloClock
{
    public const string Key = "silo";
}

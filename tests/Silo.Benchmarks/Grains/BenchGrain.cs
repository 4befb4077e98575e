using Silo.Hosting.Cluster;

namespace Silo.Benchmarks.Grains;

/// <summary>
/// The unit of work both benchmarks measure: one durable state write per call or per reminder tick,
/// through the same ADO.NET grain storage Silo's modules use for opaque state.
/// </summary>
public sealed class BenchGrain([PersistentState("bench", StorageNames.Opaque)] IPersistentState<BenchState> state, BenchRecorder recorder)
    : Grain, IBenchGrain, IRemindable
{
    public const string ReminderName = "bench-tick";

    public async Task Touch()
    {
        state.State.Calls++;
        await state.WriteStateAsync();
    }

    public async Task Arm(DateTimeOffset dueAt)
    {
        state.State.DueAt = dueAt;
        state.State.FiredAt = null;
        await state.WriteStateAsync();
        // Periodic only in Orleans: the period is never reached, the tick unregisters first.
        await this.RegisterOrUpdateReminder(ReminderName, Max(dueAt - DateTimeOffset.UtcNow, TimeSpan.Zero), TimeSpan.FromMinutes(10));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.FiredAt is not null) return; // a second tick of the same occurrence changes nothing
        state.State.FiredAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        await this.UnregisterReminder(await this.GetReminder(reminderName) ?? throw new InvalidOperationException("The tick's reminder is gone."));
        recorder.Fired(state.State.FiredAt.Value - state.State.DueAt!.Value);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

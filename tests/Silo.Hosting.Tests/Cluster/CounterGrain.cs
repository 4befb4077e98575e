using Silo.Hosting.Cluster;

namespace Silo.Hosting.Tests.Cluster;

[GenerateSerializer, Alias("silo.tests.CounterState")]
public sealed class CounterState
{
    [Id(0)] public long Count { get; set; }
    [Id(1)] public int Ticks { get; set; }
}

public sealed class CounterGrain([PersistentState("tests.counter", StorageNames.Opaque)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain, IRemindable
{
    public async Task<long> Add(long amount)
    {
        state.State.Count += amount;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<long> Count() => Task.FromResult(state.State.Count);

    // Due in 1 s, not now: Orleans 10.4.2 computes the first tick after registering and skips one already past.
    public async Task ArmReminder() => await this.RegisterOrUpdateReminder("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
        if (state.State.Ticks >= 2) await this.UnregisterReminder((await this.GetReminder(reminderName))!);
    }
}

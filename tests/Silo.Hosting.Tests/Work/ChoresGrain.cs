using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Serialization.Invocation;
using Silo.Hosting.Cluster;
using Silo.Hosting.Hosting;
using Silo.Hosting.Work;

namespace Silo.Hosting.Tests.Work;

/// <summary>Does one chore per step; <see cref="ChoresProbe"/> sees every step, tick and activation, and can hold a step.</summary>
[MayInterleave(nameof(IsTick))]
public sealed class ChoresGrain([PersistentState("tests.chores", StorageNames.Opaque)] IPersistentState<ChoresState> state,
    [FromKeyedServices(SiloClock.Key)] TimeProvider time, ILogger<ChoresGrain> logger) : Grain, IChoresGrain, IRemindable
{
    public const string Reminder = "chores";

    private WorkLoop? _work;

    private WorkLoop Work => _work ??= new WorkLoop(this, state, Reminder, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1),
        () => state.State.Left > 0 ? WorkLoop.AtOnce : null, StepAsync, time, logger);

    private string Key => this.GetPrimaryKeyString();

    public static bool IsTick(IInvokable request) => WorkLoop.IsTickOf(request, Reminder);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ChoresProbe.For(Key).CountActivation();
        return Task.CompletedTask;
    }

    public async Task Add(int count)
    {
        state.State.Left += count;
        await Work.StartAsync();
    }

    public Task<int[]> Counts() => Task.FromResult(new[] { state.State.Left, state.State.Done });

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ChoresProbe.For(Key).CountTick();
        Work.OnReminder(reminderName);
        return Task.CompletedTask;
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var probe = ChoresProbe.For(Key);
        await probe.StartedAsync(RuntimeIdentity, cancellationToken);
        (state.State.Left, state.State.Done) = (state.State.Left - 1, state.State.Done + 1);
        await state.WriteStateAsync();
        probe.CountStored();
    }
}

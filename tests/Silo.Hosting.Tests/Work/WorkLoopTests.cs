using Orleans.TestingHost;
using Silo.Testing;

namespace Silo.Hosting.Tests.Work;

/// <summary>
/// <see cref="Silo.Hosting.Work.WorkLoop"/> on one silo: reminder ticks during a step, and state writes that fail (a
/// PostgreSQL trigger refuses them, so the failure comes through Orleans' real ADO.NET storage provider).
/// </summary>
public sealed class WorkLoopTests(WorkLoopTests.World world) : IClassFixture<WorkLoopTests.World>
{
    private readonly TestDatabase database = world.Database;
    private readonly InProcessTestCluster _cluster = world.Cluster;

    /// <summary>One silo on a fresh database whose trigger refuses the state writes of the keys listed in <c>chore_write_faults</c>.</summary>
    public sealed class World : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();
        public InProcessTestCluster Cluster { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await Database.InitializeAsync();
            await Database.ExecuteAsync("""
                create table chore_write_faults (grain_key text primary key);
                create function chore_write_fault() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from chore_write_faults where grain_key = new.grain_id_extension) then
                        raise exception 'write refused for %', new.grain_id_extension;
                    end if;
                    return new;
                end $$;
                create trigger chore_write_fault before insert or update on orleans_grain_state
                    for each row execute function chore_write_fault();
                """);
            Cluster = await ChoresCluster.StartAsync(Database, silos: 1);
            Database.DisposeWith(Cluster);
        }

        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    [Fact]
    public async Task Tick_DuringStep_StepNotRepeatedAndReminderRemovedWhenDone()
    {
        var probe = ChoresProbe.For("tick-during-step");
        probe.Hold = 1;
        await _cluster.Client.GetGrain<IChoresGrain>("tick-during-step").Add(1);
        await Eventually.UntilAsync(() => probe.SteppedOn.Count == 1, "the step started");

        // Ticks reach the grain while its step is held: they interleave instead of queueing behind it.
        await Eventually.UntilAsync(() => probe.Ticks >= 2, "the reminder ticked twice during the step");
        probe.Release();

        await Eventually.UntilAsync(async () => await database.RemindersAsync("tick-during-step") == 0, "the finished work's reminder is removed");
        Assert.Single(probe.SteppedOn);
        Assert.Equal(1, probe.Stored);
        Assert.Equal(new[] { 0, 1 }, await _cluster.Client.GetGrain<IChoresGrain>("tick-during-step").Counts());
    }

    [Fact]
    public async Task Step_WriteFails_ActivationGoesAndTheReminderRedoesTheStepFromStoredState()
    {
        const string key = "step-write-fails";
        var probe = ChoresProbe.For(key);
        probe.Hold = 1;
        var grain = _cluster.Client.GetGrain<IChoresGrain>(key);
        await grain.Add(2);
        await Eventually.UntilAsync(() => probe.SteppedOn.Count == 1, "the first step started");
        await database.ExecuteAsync("insert into chore_write_faults values (@k)", ("k", key));
        probe.Release();

        // The write failed: this activation's memory is ahead of the table, so it goes, and a later tick's activation
        // tries the same chore again (and fails again while the database refuses).
        await Eventually.UntilAsync(() => probe.Activations >= 2 && probe.SteppedOn.Count >= 2, "a fresh activation retried the step");
        Assert.Equal(0, probe.Stored);
        await database.ExecuteAsync("delete from chore_write_faults where grain_key = @k", ("k", key));

        await Eventually.UntilAsync(async () => await database.RemindersAsync(key) == 0, "the finished work's reminder is removed");
        // Each chore stored once: the failed write counted nothing.
        Assert.Equal(2, probe.Stored);
        Assert.Equal(new[] { 0, 2 }, await grain.Counts());
    }

    [Fact]
    public async Task Start_WriteFails_CallFailsAndTheReminderLeftBehindGoesAtItsTick()
    {
        const string key = "start-write-fails";
        var probe = ChoresProbe.For(key);
        await database.ExecuteAsync("insert into chore_write_faults values (@k)", ("k", key));

        await Assert.ThrowsAnyAsync<Exception>(() => _cluster.Client.GetGrain<IChoresGrain>(key).Add(1));

        // The reminder was registered before the write, so work is never stored without its backstop; with nothing
        // stored, its first tick (in a fresh activation) finds no work and removes it.
        await Eventually.UntilAsync(async () => await database.RemindersAsync(key) == 0, "the leftover reminder is removed");
        Assert.True(probe.Ticks >= 1);
        Assert.True(probe.Activations >= 2);
        Assert.Empty(probe.SteppedOn);
        Assert.Equal(new[] { 0, 0 }, await _cluster.Client.GetGrain<IChoresGrain>(key).Counts());
    }
}

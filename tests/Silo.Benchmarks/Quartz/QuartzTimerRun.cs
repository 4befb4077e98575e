using System.Diagnostics;
using Npgsql;
using Quartz;
using Silo.Benchmarks.Running;

namespace Silo.Benchmarks.Quartz;

/// <summary>
/// The same workload on Quartz.NET's clustered ADO.NET job store: N jobs with one-shot triggers,
/// stored while every scheduler is in standby, then released at once by starting the schedulers;
/// measured until every job has updated its row.
/// </summary>
internal static class QuartzTimerRun
{
    private const string Outstanding = "select count(*) from quartz_timers where fired_at is null";
    private const string LatenessMs = "select extract(epoch from fired_at - due_at) * 1000 as ms from quartz_timers where fired_at is not null";

    /// <summary>The benchmark's own table; Quartz provisions its job store's tables itself.</summary>
    public static Task CreateSchemaAsync(BenchmarkDatabase database, CancellationToken cancellationToken) =>
        database.ExecuteAsync("create table quartz_timers (id text primary key, due_at timestamptz, fired_at timestamptz)", cancellationToken);

    public static async Task<RunFigures> RunAsync(BenchmarkDatabase database, int timers, int nodes, int threads,
        TimeSpan deadline, CancellationToken cancellationToken)
    {
        TimerJob.Database = database.DataSource;
        var schedulers = new List<IScheduler>();
        try
        {
            for (var i = 0; i < nodes; i++)
                schedulers.Add(await BuildAsync(database, $"quartz-node-{i + 1}", threads));

            var keys = Enumerable.Range(1, timers).Select(i => $"t{i:D7}").ToArray();
            await using (var insert = database.DataSource.CreateCommand("insert into quartz_timers (id) select unnest(@ids)"))
            {
                insert.Parameters.AddWithValue("ids", keys);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            var now = DateTimeOffset.UtcNow;
            var jobs = keys.ToDictionary(
                key => JobBuilder.Create<TimerJob>().WithIdentity(key, TimerJob.Group).Build(),
                key => (IReadOnlyCollection<ITrigger>)[TriggerBuilder.Create().WithIdentity(key, TimerJob.Group).StartAt(now).Build()]);
            await schedulers[0].ScheduleJobs(jobs, new ScheduleJobOptions(), cancellationToken);

            // The timers are due from this moment: the schedulers start together.
            await using (var due = database.DataSource.CreateCommand("update quartz_timers set due_at = @due"))
            {
                due.Parameters.AddWithValue("due", DateTimeOffset.UtcNow);
                await due.ExecuteNonQueryAsync(cancellationToken);
            }
            var released = Stopwatch.StartNew();
            await Task.WhenAll(schedulers.Select(s => s.Start(cancellationToken).AsTask()));
            var wall = await Completion.WaitAsync(database, Outstanding, released, deadline, cancellationToken);
            var (fired, p50, p99, max) = await Lateness.MeasureAsync(database.DataSource, LatenessMs, cancellationToken);
            if (fired != timers) throw new InvalidOperationException($"{fired} of {timers} Quartz timers updated their row.");
            return new RunFigures("quartz", nodes, timers, wall.TotalSeconds, timers / wall.TotalSeconds, p50, p99, max,
                Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
                $"Quartz 4.7.3, clustered AdoJobStore (PostgreSQL, Npgsql), {threads} threads and batch acquisition of {threads} per node");
        }
        finally
        {
            foreach (var scheduler in schedulers) await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
        }
    }

    private static async Task<IScheduler> BuildAsync(BenchmarkDatabase database, string instanceId, int threads) =>
        await QuartzSchedulerBuilder.Create(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                (scheduler.InstanceName, scheduler.InstanceId) = ("silo-bench", instanceId);
                // Quartz acquires one trigger per round trip by default; let it take a thread pool's worth.
                scheduler.MaxBatchSize = threads;
            });
            quartz.UseDefaultThreadPool(threads);
            quartz.UsePersistentStore(store =>
            {
                // The same Npgsql settings Silo gives its own connections, so neither engine wins on
                // connection tuning.
                store.UsePostgres(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = 32 }.ConnectionString);
                store.UseClustering(cluster => cluster.CheckinInterval = TimeSpan.FromSeconds(5));
                store.UseSystemTextJsonSerializer(_ => { });
                store.ProvisionSchema();
                store.ConfigureStore(options =>
                {
                    // Triggers are stored before the schedulers start; none must count as misfired meanwhile.
                    options.MisfireThreshold = TimeSpan.FromMinutes(30);
                    // Batch acquisition needs the acquisition under the TRIGGER_ACCESS lock in a cluster.
                    options.AcquireTriggersWithinLock = true;
                });
            });
        }).BuildScheduler();
}

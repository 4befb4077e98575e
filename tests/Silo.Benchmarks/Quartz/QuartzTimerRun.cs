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

    public static async Task CreateSchemaAsync(BenchmarkDatabase database, CancellationToken cancellationToken)
    {
        await using var stream = typeof(QuartzTimerRun).Assembly.GetManifestResourceStream("tables_postgres.sql")
            ?? throw new InvalidOperationException("tables_postgres.sql is not embedded.");
        using var reader = new StreamReader(stream);
        await database.ExecuteAsync(await reader.ReadToEndAsync(cancellationToken), cancellationToken);
    }

    public static async Task<RunFigures> RunAsync(BenchmarkDatabase database, int timers, int nodes, int threads,
        TimeSpan deadline, CancellationToken cancellationToken)
    {
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
            await schedulers[0].ScheduleJobs(jobs, replace: false, cancellationToken);

            // The timers are due from this moment: the schedulers start together.
            await using (var due = database.DataSource.CreateCommand("update quartz_timers set due_at = @due"))
            {
                due.Parameters.AddWithValue("due", DateTimeOffset.UtcNow);
                await due.ExecuteNonQueryAsync(cancellationToken);
            }
            var released = Stopwatch.StartNew();
            await Task.WhenAll(schedulers.Select(s => s.Start(cancellationToken)));
            var wall = await Completion.WaitAsync(database, Outstanding, released, deadline, cancellationToken);
            var (fired, p50, p99, max) = await Lateness.MeasureAsync(database.DataSource, LatenessMs, cancellationToken);
            if (fired != timers) throw new InvalidOperationException($"{fired} of {timers} Quartz timers updated their row.");
            return new RunFigures("quartz", nodes, timers, wall.TotalSeconds, timers / wall.TotalSeconds, p50, p99, max,
                Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,
                $"Quartz 3.20.1, clustered AdoJobStore (PostgreSQL, Npgsql), {threads} threads and batch acquisition of {threads} per node");
        }
        finally
        {
            foreach (var scheduler in schedulers) await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
        }
    }

    private static async Task<IScheduler> BuildAsync(BenchmarkDatabase database, string instanceId, int threads)
    {
        var builder = SchedulerBuilder.Create(instanceId, "silo-bench")
            .UseDefaultThreadPool(pool => pool.MaxConcurrency = threads)
            // Quartz acquires one trigger per round trip by default; let it take a thread pool's worth.
            .WithMaxBatchSize(threads)
            // Triggers are stored before the schedulers start; none must count as misfired meanwhile.
            .WithMisfireThreshold(TimeSpan.FromMinutes(30))
            .UsePersistentStore(store =>
            {
                // The same Npgsql settings Silo's runtime gives its own connections, so neither engine
                // wins on connection tuning.
                store.UsePostgres(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = 32, NoResetOnClose = true }.ConnectionString);
                store.UseClustering(cluster => cluster.CheckinInterval = TimeSpan.FromSeconds(5));
                store.UseProperties = true;
                store.UseSerializer<JobDataSerializer>();
                store.PerformSchemaValidation = true;
            });
        // Batch acquisition needs the acquisition under the TRIGGER_ACCESS lock in a cluster.
        builder.SetProperty("quartz.jobStore.acquireTriggersWithinLock", "true");
        var scheduler = await builder.BuildScheduler();
        scheduler.JobFactory = new TimerJobFactory(database.DataSource);
        return scheduler;
    }
}

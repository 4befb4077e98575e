using System.CommandLine;
using Silo.Benchmarks.Orleans;
using Silo.Benchmarks.Quartz;
using Silo.Benchmarks.Running;

namespace Silo.Benchmarks.Commands;

/// <summary>
/// <c>quartz-vs-orleans --timers N</c>: the same N one-shot timers, each writing one durable record,
/// first on Orleans reminders then on Quartz.NET's clustered ADO.NET job store, on the same
/// PostgreSQL in one run; prints both and the ratio.
/// </summary>
internal static class QuartzVsOrleansCommand
{
    public static Command Create()
    {
        var timers = new Option<int>("--timers") { Description = "One-shot timers, each writing one record.", DefaultValueFactory = _ => 5_000 };
        var nodes = new Option<int>("--nodes") { Description = "Nodes of each engine started in this process.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Quartz thread pool size and batch acquisition per node.", DefaultValueFactory = _ => 32 };
        var lead = new Option<int>("--lead") { Description = "Seconds from the start of arming the Orleans reminders until they are due.", DefaultValueFactory = _ => 20 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before a run is declared failed.", DefaultValueFactory = _ => 600 };
        var command = new Command("quartz-vs-orleans", "Orleans reminders against Quartz.NET's clustered job store on the same PostgreSQL: both figures and the ratio.")
        {
            timers, nodes, threads, lead, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var machine = Machine.Now();
            var deadline = TimeSpan.FromSeconds(parse.GetValue(timeout));
            await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);

            RunFigures orleans;
            await using (var cluster = await BenchCluster.StartAsync(database.ConnectionString, parse.GetValue(nodes), new Dictionary<string, string?>(), cancellationToken))
                orleans = await ReminderRun.RunAsync(cluster, database, parse.GetValue(timers), parse.GetValue(nodes), concurrency: 256,
                    TimeSpan.FromSeconds(parse.GetValue(lead)), deadline, cancellationToken);

            await QuartzTimerRun.CreateSchemaAsync(database, cancellationToken);
            var quartz = await QuartzTimerRun.RunAsync(database, parse.GetValue(timers), parse.GetValue(nodes), parse.GetValue(threads),
                deadline, cancellationToken);
            Json.Print(new
            {
                benchmark = "quartz-vs-orleans",
                machine,
                orleans,
                quartz,
                orleans_to_quartz_throughput_ratio = Math.Round(orleans.TurnsPerSecond / quartz.TurnsPerSecond, 2),
                note = "Orleans runs first, then Quartz, in one process: peak_working_set_mb is the process peak after each phase.",
            });
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Silo.Benchmarks.Quartz;
using Silo.Benchmarks.Running;
using Silo.Benchmarks.Silo;
using Silo.Hosting.Migrations;

namespace Silo.Benchmarks.Commands;

/// <summary>
/// <c>quartz-vs-silo --timers N</c>: the same N one-shot timers, each updating one row, first on Silo
/// then on Quartz.NET's clustered ADO.NET job store, on the same PostgreSQL in one run; prints both and the ratio.
/// </summary>
internal static class QuartzVsSiloCommand
{
    public static Command Create()
    {
        var timers = new Option<int>("--timers") { Description = "One-shot timers due now, each updating one row.", DefaultValueFactory = _ => 5_000 };
        var nodes = new Option<int>("--nodes") { Description = "Nodes of each engine started in this process.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Concurrent timers per node for both engines (Silo MaxConcurrentTurns, Quartz thread pool).", DefaultValueFactory = _ => 32 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before a run is declared failed.", DefaultValueFactory = _ => 600 };
        var command = new Command("quartz-vs-silo", "Silo reminders against Quartz.NET's clustered job store on the same PostgreSQL: both figures and the ratio.")
        {
            timers, nodes, threads, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var machine = Machine.Now();
            var deadline = TimeSpan.FromSeconds(parse.GetValue(timeout));
            await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
            await new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
            await QuartzTimerRun.CreateSchemaAsync(database, cancellationToken);

            var silo = await SiloTimerRun.RunAsync(database, parse.GetValue(timers), parse.GetValue(nodes),
                Settings.Runtime(parse.GetValue(threads)), deadline, cancellationToken);
            var quartz = await QuartzTimerRun.RunAsync(database, parse.GetValue(timers), parse.GetValue(nodes), parse.GetValue(threads),
                deadline, cancellationToken);
            Json.Print(new
            {
                benchmark = "quartz-vs-silo",
                machine,
                silo,
                quartz,
                silo_to_quartz_throughput_ratio = Math.Round(silo.TurnsPerSecond / quartz.TurnsPerSecond, 2),
                note = "Silo runs first, then Quartz, in one process: peak_working_set_mb is the process peak after each phase.",
            });
            return 0;
        });
        return command;
    }
}

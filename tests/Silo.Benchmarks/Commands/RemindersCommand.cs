using System.CommandLine;
using Silo.Benchmarks.Running;
using Silo.Benchmarks.Silo;
using Silo.Hosting.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Silo.Benchmarks.Commands;

/// <summary><c>reminders --grains N</c>: N grains whose one-shot reminder is due now; each firing writes state.</summary>
internal static class RemindersCommand
{
    public static Command Create()
    {
        var grains = new Option<int>("--grains") { Description = "Grains, each with one one-shot reminder due now.", DefaultValueFactory = _ => 10_000 };
        var nodes = new Option<int>("--nodes") { Description = "Silo nodes started in this process (role silo).", DefaultValueFactory = _ => 1 };
        var turns = new Option<int?>("--max-concurrent-turns") { Description = "Silo:Runtime:MaxConcurrentTurns per node (default: the runtime's)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before the run is declared failed.", DefaultValueFactory = _ => 300 };
        var command = new Command("reminders", "Reminder throughput of Silo: turns/s, lateness p50/p99, peak memory, wall time.")
        {
            grains, nodes, turns, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var machine = Machine.Now();
            await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
            await new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
            var figures = await SiloTimerRun.RunAsync(database, parse.GetValue(grains), parse.GetValue(nodes),
                Settings.Runtime(parse.GetValue(turns)), TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
            Json.Print(new { benchmark = "reminders", machine, silo = figures });
            return 0;
        });
        return command;
    }
}

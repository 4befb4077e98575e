using System.CommandLine;
using Silo.Benchmarks.Orleans;
using Silo.Benchmarks.Running;

namespace Silo.Benchmarks.Commands;

/// <summary><c>reminders --grains N</c>: N grains whose one-shot reminder comes due at one instant; each tick writes state and unregisters.</summary>
internal static class RemindersCommand
{
    public static Command Create()
    {
        var grains = new Option<int>("--grains") { Description = "Grains, each with one reminder due at the same instant.", DefaultValueFactory = _ => 10_000 };
        var nodes = new Option<int>("--nodes") { Description = "Silos started in this process.", DefaultValueFactory = _ => 1 };
        var lead = new Option<int>("--lead") { Description = "Seconds from the start of arming until the reminders are due.", DefaultValueFactory = _ => 30 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds before the run is declared failed.", DefaultValueFactory = _ => 300 };
        var command = new Command("reminders", "Orleans reminder throughput: seconds until every tick has written and unregistered, lateness p50/p99, peak memory.")
        {
            grains, nodes, lead, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var machine = Machine.Now();
            await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
            await using var cluster = await BenchCluster.StartAsync(database.ConnectionString, parse.GetValue(nodes), new Dictionary<string, string?>(), cancellationToken);
            var figures = await ReminderRun.RunAsync(cluster, database, parse.GetValue(grains), parse.GetValue(nodes), concurrency: 256,
                TimeSpan.FromSeconds(parse.GetValue(lead)), TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken);
            Json.Print(new { benchmark = "reminders", machine, orleans = figures });
            return 0;
        });
        return command;
    }
}

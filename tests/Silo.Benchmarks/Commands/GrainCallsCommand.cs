using System.CommandLine;
using Silo.Benchmarks.Orleans;
using Silo.Benchmarks.Running;

namespace Silo.Benchmarks.Commands;

/// <summary><c>grain-calls --grains N</c>: one call per grain per round, each persisting state before it answers.</summary>
internal static class GrainCallsCommand
{
    public static Command Create()
    {
        var grains = new Option<int>("--grains") { Description = "Grains, each called once per round.", DefaultValueFactory = _ => 10_000 };
        var nodes = new Option<int>("--nodes") { Description = "Silos started in this process.", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight at once.", DefaultValueFactory = _ => 256 };
        var command = new Command("grain-calls", "State-writing grain calls/s: a cold round (activation, read, write) and a warm one (write).")
        {
            grains, nodes, concurrency,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var machine = Machine.Now();
            await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
            await using var cluster = await BenchCluster.StartAsync(database.ConnectionString, parse.GetValue(nodes), new Dictionary<string, string?>(), cancellationToken);
            var keys = Enumerable.Range(1, parse.GetValue(grains)).Select(i => $"g{i:D7}").ToArray();
            var cold = await GrainCallRun.RunAsync("cold", cluster, database, keys, parse.GetValue(concurrency), cancellationToken);
            var warm = await GrainCallRun.RunAsync("warm", cluster, database, keys, parse.GetValue(concurrency), cancellationToken);
            var stored = await database.CountAsync("select count(*) from orleans_grain_state", cancellationToken);
            if (stored != keys.Length) throw new InvalidOperationException($"{stored} state rows for {keys.Length} grains.");
            Json.Print(new
            {
                benchmark = "grain-calls",
                machine,
                engine = "Orleans 10.4.2, ADO.NET grain storage (opaque state)",
                nodes = parse.GetValue(nodes),
                concurrency = parse.GetValue(concurrency),
                rounds = new[] { cold, warm },
                peak_working_set_mb = Math.Round(System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0),
            });
            return 0;
        });
        return command;
    }
}

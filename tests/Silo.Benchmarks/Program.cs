using System.CommandLine;
using Silo.Benchmarks.Commands;

// Benchmark programs (not timed tests): each verb creates its own fresh database, runs, prints JSON.
var root = new RootCommand("Silo benchmarks: reminder throughput, and Silo against Quartz.NET's clustered ADO.NET job store.")
{
    RemindersCommand.Create(),
    QuartzVsSiloCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

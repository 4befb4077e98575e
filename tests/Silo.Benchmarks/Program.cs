using System.CommandLine;
using Silo.Benchmarks.Commands;

// Benchmark programs (not timed tests): each verb creates its own fresh database, runs, prints JSON.
var root = new RootCommand("Silo benchmarks: Orleans grain calls and reminders on Silo's set-up, and Quartz.NET's clustered ADO.NET job store.")
{
    GrainCallsCommand.Create(),
    RemindersCommand.Create(),
    QuartzVsOrleansCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

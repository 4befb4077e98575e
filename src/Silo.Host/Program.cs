using System.CommandLine;
using Silo.Host.Commands;

// `silo run`, `silo migrate`, `silo keys …`: each verb lives in Commands/.
var root = new RootCommand("Silo: durable grains on PostgreSQL that archive posts' media, publish Story batches and keep Meta Ads insights fresh.")
{
    RunCommand.Create(),
    MigrateCommand.Create(),
    KeysCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

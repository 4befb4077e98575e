using System.CommandLine;
using Silo.Host.Commands;

// `silo run`, `silo migrate`, `silo keys …`: each verb lives in Commands/.
var root = new RootCommand("Silo: a Microsoft Orleans cluster on PostgreSQL whose grains archive posts' media, publish Story batches and keep Meta Ads insights fresh.")
{
    RunCommand.Create(),
    MigrateCommand.Create(),
    KeysCommand.Create(),
};
return await root.Parse(args).InvokeAsync();

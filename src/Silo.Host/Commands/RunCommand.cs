using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Silo.Gateway.Hosting;
using Silo.Runtime.Hosting;

namespace Silo.Host.Commands;

/// <summary><c>silo run --role silo|gateway|all</c>: runs a node until Ctrl+C or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var role = new Option<SiloRole>("--role")
        {
            Description = "silo runs grains, gateway serves HTTP, all does both.",
            DefaultValueFactory = _ => SiloRole.All,
        };
        var command = new Command("run", "Run a node. Other arguments (--urls, --Silo:Runtime:MaxConcurrentTurns=64, …) go to the host's configuration.")
        {
            role,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => StartupErrors.GuardAsync(async () =>
        {
            var app = SiloApplication.Build([.. parse.UnmatchedTokens], parse.GetValue(role));
            await app.RunAsync(cancellationToken);
            return 0;
        }));
        return command;
    }
}

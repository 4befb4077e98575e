using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Hosting;
using Silo.Host.Demo;
using Silo.Hosting.Hosting;

namespace Silo.Host.Commands;

/// <summary><c>silo run --role silo|gateway|all [--demo]</c>: runs a node until Ctrl+C or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var role = new Option<SiloRole>("--role")
        {
            Description = "silo runs grains, gateway serves HTTP, all does both.",
            DefaultValueFactory = _ => SiloRole.All,
        };
        var demo = new Option<bool>("--demo")
        {
            Description = "Also start the Meta and Metricool simulators on 127.0.0.1 and a demo workload that keeps the dashboard moving.",
        };
        var demoPort = new Option<int>("--demo-port") { Description = "Port of the demo's simulators.", DefaultValueFactory = _ => 5081 };
        var demoJoin = new Option<Uri?>("--demo-join")
        {
            // System.CommandLine 2.0 has no built-in Uri parser: without this every value is refused.
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri)) return uri;
                result.AddError($"--demo-join: '{text}' is not an absolute URL.");
                return null;
            },
            Description = "Join a demo whose simulators another node started at this URL (cluster demos): its settings, no workload.",
        };
        var command = new Command("run", "Run a node. Other arguments (--urls, --Silo:Cluster:SiloPort=11112, …) go to the host's configuration.")
        {
            role, demo, demoPort, demoJoin,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => StartupErrors.GuardAsync(async () =>
        {
            await using var environment = parse.GetValue(demo) ? await DemoEnvironment.StartAsync(parse.GetValue(demoPort), cancellationToken) : null;
            var simulators = environment?.Server.Address ?? parse.GetValue(demoJoin);
            var app = SiloApplication.Build([.. parse.UnmatchedTokens], parse.GetValue(role), builder =>
            {
                if (simulators is null) return;
                // Below appsettings, environment and arguments: anything set explicitly still wins.
                builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
                {
                    InitialData = DemoEnvironment.Settings(simulators, Path.Combine(Environment.CurrentDirectory, ".local", "media")),
                });
                builder.Services.AddHostedService<DemoAdAccount>();
                if (environment is null) return;
                builder.Services.AddSingleton(environment);
                builder.Services.AddHostedService<DemoWorkload>();
                builder.Services.AddHostedService<DemoBackfill>();
                builder.Services.AddHostedService<DemoPodcast>();
            });
            if (environment is not null)
                app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(
                    $"Demo: simulators at {environment.Server.Address}; sign in at <address>/signin with the demo admin key {DemoEnvironment.AdminKey} " +
                    "(Orleans Dashboard /orleans/, Silo's pages /dashboard/)\n" +
                    $"Demo: a Story batch is published every minute; watch one with curl -N -H \"Authorization: Bearer {DemoEnvironment.AdminKey}\" " +
                    "\"<address>/api/metricool/stream?batchId=<batchId from the log>\""));
            await app.RunAsync(cancellationToken);
            return 0;
        }));
        return command;
    }
}

using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Hosting;
using Silo.Hosting.Hosting;
using Silo.Hosting.Migrations;

namespace Silo.Host.Commands;

/// <summary><c>silo migrate</c>: applies pending migrations and exits (nodes also do this at start-up).</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations and exit.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => StartupErrors.GuardAsync(async () =>
        {
            await using var app = SiloApplication.Build([.. parse.UnmatchedTokens], SiloRole.Gateway);
            var applied = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(cancellationToken);
            Console.WriteLine(applied.Count == 0 ? "Schema is current." : $"Applied migrations: {string.Join(", ", applied)}.");
            return 0;
        }));
        return command;
    }
}

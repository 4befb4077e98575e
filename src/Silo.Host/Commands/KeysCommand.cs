using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Silo.Gateway.Auth;
using Silo.Gateway.Hosting;
using Silo.Hosting.Hosting;
using Silo.Hosting.Migrations;

namespace Silo.Host.Commands;

/// <summary><c>silo keys create|list|revoke</c>: manages the gateway's API keys.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "A name people recognise, unique among active keys.", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "The tenant whose data the key sees (* for all).", Required = true };
        var permission = new Option<string[]>("--permission")
        {
            Description = $"One or more of: {string.Join(", ", Permissions.All)}.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var create = new Command("create", "Create a key and print its secret (shown once).") { name, tenant, permission };
        create.SetAction((parse, ct) => WithStore(parse, async store =>
        {
            try
            {
                var key = await store.CreateAsync(parse.GetValue(name)!, parse.GetValue(tenant)!, parse.GetValue(permission)!, ct);
                Console.WriteLine($"id:          {key.Id}\nname:        {key.Name}\ntenant:      {key.Tenant}\npermissions: {string.Join(", ", key.Permissions)}\nsecret:      {key.Secret}");
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"silo: {e.Message}");
                return 1;
            }
        }));

        var list = new Command("list", "List keys (never their secrets).");
        list.SetAction((parse, ct) => WithStore(parse, async store =>
        {
            Console.WriteLine($"{"id",-36}  {"name",-20}  {"tenant",-12}  {"prefix",-12}  {"status",-8}  permissions");
            foreach (var key in await store.ListAsync(ct))
                Console.WriteLine($"{key.Id,-36}  {key.Name,-20}  {key.Tenant,-12}  {key.Prefix,-12}  {(key.RevokedAt is null ? "active" : "revoked"),-8}  {string.Join(",", key.Permissions)}");
            return 0;
        }));

        var idOrName = new Argument<string>("id-or-name") { Description = "The key's id or name." };
        var revoke = new Command("revoke", "Revoke a key; requests with it are refused from now on.") { idOrName };
        revoke.SetAction((parse, ct) => WithStore(parse, async store =>
        {
            if (await store.RevokeAsync(parse.GetValue(idOrName)!, ct)) { Console.WriteLine("Revoked."); return 0; }
            await Console.Error.WriteLineAsync("silo: no active key with that id or name.");
            return 1;
        }));

        return new Command("keys", "Manage API keys.") { create, list, revoke };
    }

    private static Task<int> WithStore(ParseResult parse, Func<ApiKeyStore, Task<int>> body) => StartupErrors.GuardAsync(async () =>
    {
        await using WebApplication app = SiloApplication.Build([.. parse.UnmatchedTokens], SiloRole.Gateway);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        return await body(app.Services.GetRequiredService<ApiKeyStore>());
    });
}

using Microsoft.Extensions.DependencyInjection;
using Silo.Runtime.Grains;
using Silo.Runtime.Hosting;
using Silo.Runtime.Inbox;
using Silo.Testing;

namespace Silo.Runtime.Tests.Grains;

/// <summary>Starts real nodes that host <see cref="JournalGrain"/> against a test database.</summary>
public static class JournalNode
{
    public static Task<TestNode> StartAsync(TestDatabase database, TurnProbe probe, IDictionary<string, string?>? settings = null) =>
        TestNode.StartAsync(database.ConnectionString, SiloRole.All, new Dictionary<string, string?>
        {
            ["Silo:Runtime:RetryBaseDelay"] = "00:00:00.050",
            ["Silo:Runtime:RetryMaxDelay"] = "00:00:00.200",
            ["Silo:Runtime:LeaseDuration"] = "00:00:03",
            ["Silo:Runtime:PollInterval"] = "00:00:00.100",
            ["Silo:Runtime:ShutdownTimeout"] = "00:00:05",
        }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        services =>
        {
            services.AddSingleton(probe);
            services.AddGrain<JournalGrain>("journal").Handles<Note>().Handles<Fail>().Handles<SetReminder>();
        });

    public static IClusterClient Client(this TestNode node) => node.Services.GetRequiredService<IClusterClient>();

    public static async Task<List<string>> NotesAsync(TestDatabase database, GrainId id) =>
        System.Text.Json.JsonSerializer.Deserialize<JournalState>(
            await database.ScalarAsync<string>("select state::text from grains where grain_type = @t and grain_key = @k",
                ("t", id.Type), ("k", id.Key)) ?? "{}", new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.Notes;
}

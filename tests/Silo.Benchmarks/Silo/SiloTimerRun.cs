using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Silo.Benchmarks.Running;
using Silo.Gateway.Hosting;
using Silo.Hosting.Hosting;

namespace Silo.Benchmarks.Silo;

/// <summary>
/// Starts Silo nodes in-process (role silo), seeds N grains whose one-shot reminder is due now in one
/// SQL transaction, and measures until every reminder has fired and its turn committed.
/// </summary>
internal static class SiloTimerRun
{
    // Rows in `grains` runnable now and one due reminder each, inserted as arrays through unnest,
    // then the same NOTIFY a send uses, so idle nodes claim at once instead of at their next poll.
    private const string Seed = """
        insert into grains (grain_type, grain_key, next_run_at)
        select @type, key, now() from unnest(@keys) as k(key);
        insert into grain_reminders (grain_type, grain_key, name, due_at)
        select @type, key, @name, now() from unnest(@keys) as k(key);
        select pg_notify('silo_work', '');
        """;

    private const string Outstanding = $"select count(*) from grain_reminders where grain_type = '{TimerGrain.TypeName}'";

    private const string LatenessMs = $"""
        select extract(epoch from ((state->>'firedAt')::timestamptz - (state->>'dueAt')::timestamptz)) * 1000 as ms
          from grains where grain_type = '{TimerGrain.TypeName}' and state->>'firedAt' is not null
        """;

    public static async Task<RunFigures> RunAsync(BenchmarkDatabase database, int timers, int nodes, IDictionary<string, string?> settings,
        TimeSpan deadline, CancellationToken cancellationToken)
    {
        var apps = new List<WebApplication>();
        try
        {
            // Every node bootstraps the same admin key: a second node with another one is refused.
            var adminKey = $"bench_{Guid.NewGuid():N}";
            for (var i = 0; i < nodes; i++)
            {
                var app = Build(database.ConnectionString, adminKey, settings);
                await app.StartAsync(cancellationToken);
                apps.Add(app);
            }

            var keys = Enumerable.Range(1, timers).Select(i => $"t{i:D7}").ToArray();
            var released = new Stopwatch();
            await using (var command = database.DataSource.CreateCommand(Seed))
            {
                command.Parameters.AddWithValue("type", TimerGrain.TypeName);
                command.Parameters.AddWithValue("name", TimerGrain.ReminderName);
                command.Parameters.AddWithValue("keys", keys);
                // One statement batch runs as one implicit transaction: the timers become due together.
                await command.ExecuteNonQueryAsync(cancellationToken);
                released.Start();
            }
            var wall = await Completion.WaitAsync(database, Outstanding, released, deadline, cancellationToken);
            var (fired, p50, p99, max) = await Lateness.MeasureAsync(database.DataSource, LatenessMs, cancellationToken);
            if (fired != timers) throw new InvalidOperationException($"{fired} of {timers} Silo timers wrote their state.");
            return new RunFigures("silo", nodes, timers, wall.TotalSeconds, timers / wall.TotalSeconds, p50, p99, max,
                Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, Describe(settings));
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
    }

    private static WebApplication Build(string connectionString, string adminKey, IDictionary<string, string?> settings) =>
        SiloApplication.Build([], SiloRole.Silo, builder =>
        {
            var values = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Silo"] = connectionString + Environment.GetEnvironmentVariable("SILO_BENCH_CONNECTION_EXTRA"),
                ["Urls"] = "http://127.0.0.1:0",
                ["SILO_ADMIN_KEY"] = adminKey,
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("SILO_BENCH_LOG_LEVEL") ?? "Warning",
            };
            foreach (var (key, value) in settings) values[key] = value;
            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddGrain<TimerGrain>(TimerGrain.TypeName);
        });

    private static string Describe(IDictionary<string, string?> settings) =>
        settings.Count == 0 ? "runtime defaults" : string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"));
}

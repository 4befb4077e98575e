using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// One <c>silo run --role silo</c> process and the node id it registered in <c>silo_nodes</c>
/// (found by its process id), so the suite can tell which grains it held when it was killed.
/// </summary>
public sealed class SiloProcess(string name, NodeProcess process) : IAsyncDisposable
{
    public string Name { get; } = name;
    public NodeProcess Process { get; } = process;
    public string NodeId { get; private set; } = "";

    /// <summary>How many processes it took to get this node started (1 unless one exited at start-up).</summary>
    public int Attempts { get; private set; } = 1;

    /// <summary>
    /// Starts the process and waits until it registered. A process that exits at start-up (the
    /// database could not be reached in time on a loaded machine) is started again, as the systemd
    /// unit's <c>Restart=on-failure</c> would, up to <paramref name="attempts"/> times.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, FaultDatabase database,
        int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"),
                ["run", "--role", "silo", .. ClusterSettings.AsArguments(settings)]);
            var silo = new SiloProcess(name, process);
            try
            {
                await Eventually.UntilAsync(async () =>
                {
                    if (process.HasExited) throw new InvalidOperationException($"{name} exited at start-up:\n{process.Output}");
                    // The address is recorded by the first heartbeat after the host started: every
                    // start-up step (migrations, bootstrap key, …) is behind it by then.
                    silo.NodeId = await database.TryScalarAsync<string?>("""
                        select node_id from silo_nodes
                         where process_id = @pid and stopped_at is null and address is not null
                         order by started_at desc limit 1
                        """, ("pid", process.Id)) ?? "";
                    return silo.NodeId.Length > 0;
                }, $"{name} started and heartbeating", TimeSpan.FromSeconds(60));
                silo.Attempts = attempt;
                return silo;
            }
            catch (InvalidOperationException) when (attempt < attempts)
            {
                await silo.DisposeAsync();
                await Task.Delay(TimeSpan.FromSeconds(2)); // systemd's RestartSec
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

using Silo.Testing;

namespace Silo.Cluster.Tests.Support;

/// <summary>
/// One <c>silo run --role silo</c> process with its own silo and gateway ports, known to the suite by
/// its silo port (its row in Orleans' membership table).
/// </summary>
public sealed class SiloProcess(string name, NodeProcess process, int siloPort) : IAsyncDisposable
{
    /// <summary>Orleans' SiloStatus values as the membership table stores them.</summary>
    public const int Active = 3, Dead = 6;

    public string Name { get; } = name;
    public NodeProcess Process { get; } = process;
    public int SiloPort { get; } = siloPort;

    /// <summary>How many processes it took to get this node started (1 unless one exited at start-up).</summary>
    public int Attempts { get; private set; } = 1;

    /// <summary>True once the suite stopped or killed it on purpose: its exit is not a failure.</summary>
    public bool Faulted { get; set; }

    /// <summary>
    /// Starts the process and waits until it is Active in the membership table. A process that exits
    /// at start-up (the database could not be reached in time on a loaded machine) is started again,
    /// as the systemd unit's <c>Restart=on-failure</c> would, up to <paramref name="attempts"/> times.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, FaultDatabase database,
        int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            var siloPort = FreePort.Next();
            var process = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "silo.dll"),
            [
                "run", "--role", "silo", .. ClusterSettings.AsArguments(settings),
                $"--Silo:Cluster:SiloPort={siloPort}", $"--Silo:Cluster:GatewayPort={FreePort.Next()}",
            ]);
            var silo = new SiloProcess(name, process, siloPort);
            try
            {
                await Eventually.UntilAsync(async () =>
                {
                    if (process.HasExited) throw new InvalidOperationException($"{name} exited at start-up:\n{process.Output}");
                    return await silo.StatusAsync(database) == Active;
                }, $"{name} is an active silo", TimeSpan.FromSeconds(90));
                silo.Attempts = attempt;
                return silo;
            }
            catch (TimeoutException e)
            {
                // What the node said is the only clue to why it never joined.
                var output = process.Output;
                await silo.DisposeAsync();
                throw new TimeoutException($"{e.Message} Its output:\n{output}", e);
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

    /// <summary>This process's status in the membership table (its newest generation), or null before it joined.</summary>
    public Task<int?> StatusAsync(FaultDatabase database) => database.TryScalarAsync<int?>(
        "select status from orleans_membership where port = @port order by generation desc limit 1", ("port", SiloPort));

    /// <summary>SIGKILL, and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        Faulted = true;
        Process.Kill();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGSTOP: the process hangs with its sockets open, as a node stuck in a long GC or swapping would.</summary>
    public void Stop()
    {
        Faulted = true;
        Signal("STOP");
    }

    /// <summary>SIGCONT after <see cref="Stop"/>.</summary>
    public void Continue() => Signal("CONT");

    public ValueTask DisposeAsync()
    {
        if (!Process.HasExited) Signal("CONT"); // a stopped process cannot act on SIGKILL's cleanup otherwise
        return Process.DisposeAsync();
    }

    private void Signal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}

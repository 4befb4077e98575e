using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Silo.Hosting.Hosting;

/// <summary>
/// A call a silo makes to a grain once it has started (waking a cluster-wide grain so that its standing reminder exists).
/// It runs after start-up and is retried until it succeeds or the node stops: the grain may sit on a silo that has just
/// died and is not declared dead yet, and a call that fails then must not fail this node's start (a node that exits
/// there would take its own grains down with it). Register it after Orleans, so the silo is up.
/// </summary>
public abstract partial class OnSiloStart(SiloNode node, TimeProvider time, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan LongestRest = TimeSpan.FromSeconds(30);

    protected abstract Task CallAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.RunsGrains) return;
        var rest = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await CallAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCallFailed(logger, e, GetType().Name, rest);
                await Task.Delay(rest, time, stoppingToken);
                rest = rest * 2 < LongestRest ? rest * 2 : LongestRest;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Call} failed at start-up; trying again in {Rest}")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string call, TimeSpan rest);
}

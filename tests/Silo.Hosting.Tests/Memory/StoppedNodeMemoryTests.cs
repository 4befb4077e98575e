using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Silo.Testing;

namespace Silo.Hosting.Tests.Memory;

/// <summary>Runs alone (after the parallel classes), so the heap it measures is its own nodes'.</summary>
[CollectionDefinition(nameof(StoppedNodeMemoryTests), DisableParallelization = true)]
public sealed class StoppedNodeMemoryCollection;

/// <summary>
/// A stopped and disposed node must become garbage: test processes start hundreds of them, and a node
/// kept reachable by a static, an event subscription or a process-wide timer keeps its silo, its web
/// application and its caches alive for the rest of the process.
/// </summary>
[Collection(nameof(StoppedNodeMemoryTests))]
public sealed class StoppedNodeMemoryTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const int Cycles = 20;
    // What twenty stopped nodes may leave behind in all (caches that fill once, JIT'd code, pools). A
    // running node holds 20-40 MB of heap, so keeping even every fourth one overshoots this.
    private const long AllowedGrowth = 16 * 1024 * 1024;
    // Orleans lets a stopped silo's connections to the silos it saw die drain for 10 s
    // (SiloConnectionMaintainer) before it lets go of them: the last few nodes are released late, not never.
    private static readonly TimeSpan Release = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StartStop_TwentyNodes_MemoryReturnsAndServiceProviderIsCollected()
    {
        var first = await StartUseAndStopAsync();
        var afterFirst = HeapAfterFullCollection();
        for (var cycle = 1; cycle < Cycles; cycle++)
            await StartUseAndStopAsync();

        var afterLast = 0L;
        try
        {
            await Eventually.UntilAsync(() =>
            {
                afterLast = HeapAfterFullCollection();
                return !first.IsAlive && afterLast - afterFirst < AllowedGrowth;
            }, "the stopped nodes are collected", Release);
        }
        catch (TimeoutException)
        {
            // The assertions below say which of the two did not hold, with the figures.
        }

        Assert.False(first.IsAlive, "the first stopped node's service provider is still reachable");
        Assert.True(afterLast - afterFirst < AllowedGrowth,
            $"the heap grew by {(afterLast - afterFirst) / 1024 / 1024} MB over {Cycles - 1} more started and stopped nodes " +
            $"({afterFirst / 1024 / 1024} MB after the first, {afterLast / 1024 / 1024} MB after the last)");
    }

    /// <summary>
    /// Starts a node, asks it something through HTTP (so its request pipeline exists), has its client factory
    /// make an outgoing client (as every module's typed client does), and stops it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<WeakReference> StartUseAndStopAsync()
    {
        var node = await TestNode.StartAsync(database.ConnectionString);
        try
        {
            using var admin = node.AdminClient();
            using var response = await admin.GetAsync("/api/cluster/nodes", TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            using var outgoing = node.Services.GetRequiredService<IHttpClientFactory>().CreateClient("outgoing");
            return new WeakReference(node.Services);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static long HeapAfterFullCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

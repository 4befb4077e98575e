using System.Net;
using System.Net.Sockets;

namespace Silo.Testing;

/// <summary>
/// Loopback ports for servers that must be told their port up front: Orleans' silo and gateway ports
/// (its config takes a number, not 0), and nodes or tools in other processes whose address the test
/// passes on the command line. Servers that can bind port 0 and report it should do that instead.
/// </summary>
/// <remarks>
/// Why not "bind port 0, read the number, release it": the OS hands that same number to the next
/// port-0 bind or outgoing connection of any process, so a node starting a moment later can find it
/// taken. Instead each test process owns a block of ports below the kernel's ephemeral range
/// (net.ipv4.ip_local_port_range, never handed out for port 0 or outgoing connections), claimed by
/// holding a lock file for the process's lifetime, so two test processes (other engineers', other
/// projects') never share a block; within the block ports are handed out once each. A port some
/// unrelated program listens on is skipped by a bind check.
/// </remarks>
public static class FreePort
{
    private const int BlockSize = 200;
    private const int RangeStart = 10_000;
    private static readonly object Gate = new();
    private static FileStream? _blockLock;
    private static int _next, _end;

    /// <summary>A loopback port no other test process can be given and this process has not handed out before.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            while (true)
            {
                if (_blockLock is null || _next >= _end) ClaimBlock();
                var port = _next++;
                if (IsFree(port)) return port;
            }
        }
    }

    private static void ClaimBlock()
    {
        var rangeEnd = EphemeralRangeStart();
        var blocks = (rangeEnd - RangeStart) / BlockSize;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "silo-test-ports")).FullName;
        // Start at a block derived from the process id, so concurrent processes rarely even try the same one.
        var first = Environment.ProcessId % blocks;
        for (var i = 0; i < blocks; i++)
        {
            var block = (first + i) % blocks;
            var start = RangeStart + block * BlockSize;
            try
            {
                var claimed = new FileStream(Path.Combine(folder, $"block-{block}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                _blockLock?.Dispose();
                (_blockLock, _next, _end) = (claimed, start, start + BlockSize);
                return;
            }
            catch (IOException)
            {
                // Another test process holds this block.
            }
        }
        throw new InvalidOperationException($"every block of test ports from {RangeStart} to {rangeEnd} is held by another process");
    }

    /// <summary>The first port the kernel may hand out on its own (Linux default 32768).</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (int.TryParse(range[0], out var start) && start > RangeStart + BlockSize) return start;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException) { }
        return 32_768;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

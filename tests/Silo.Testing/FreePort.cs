using System.Net;
using System.Net.Sockets;

namespace Silo.Testing;

/// <summary>Loopback ports nothing listens on, for the silo and gateway ports of test nodes.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    /// <summary>A port the OS reports free and this process has not handed out before.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
                if (Given.Add(port)) return port;
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Tickwatch.Testing;

/// <summary>Ports on loopback for a process a test starts itself (one that cannot take port 0 and say which it got).</summary>
public static class LoopbackPorts
{
    private static readonly ConcurrentDictionary<int, byte> Given = new();

    /// <summary>
    /// A port nothing listens on now: the system's pick for a listener opened and closed at once, never one given before
    /// in this process (the system may offer a port it just closed again, and two roles cannot share one).
    /// </summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Given.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}

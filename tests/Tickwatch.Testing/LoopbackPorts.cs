using System.Net;
using System.Net.Sockets;

namespace Tickwatch.Testing;

/// <summary>Ports on loopback for a process a test starts itself (one that cannot take port 0 and say which it got).</summary>
public static class LoopbackPorts
{
    /// <summary>A port nothing listens on now: the system's pick for a listener opened and closed at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

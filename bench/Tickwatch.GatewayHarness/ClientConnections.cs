using System.Net.Sockets;

namespace Tickwatch.GatewayHarness;

/// <summary>The HTTP handler every client's WebSocket connects through: Nagle off, optionally a fixed kernel receive buffer.</summary>
internal static class ClientConnections
{
    public static HttpMessageInvoker Invoker(int? receiveBufferBytes) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (receiveBufferBytes is { } bytes)
            {
                socket.ReceiveBufferSize = bytes;
            }

            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}

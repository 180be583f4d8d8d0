using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tickwatch.GatewayHarness;

/// <summary>The client side of the WebSocket opening handshake (RFC 6455 §4.1) on a connected socket, for the poll clients.</summary>
internal static class WebSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private const int MaxResponseBytes = 8192;

    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Sends the upgrade request for <paramref name="stream"/> and reads the 101 reply into <paramref name="buffer"/>, with
    /// blocking calls; returns how many bytes after the reply's headers were already read (the first frames, moved to the
    /// buffer's start).
    /// </summary>
    public static int Upgrade(Socket socket, Uri stream, string token, byte[] buffer)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = Encoding.ASCII.GetBytes(
            $"GET {stream.PathAndQuery} HTTP/1.1\r\nHost: {stream.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n");
        socket.Send(request);

        var filled = 0;
        int end;
        while ((end = buffer.AsSpan(0, filled).IndexOf(HeaderEnd)) < 0)
        {
            if (filled >= Math.Min(buffer.Length, MaxResponseBytes))
            {
                throw new InvalidOperationException("The upgrade reply's headers are too long.");
            }

            var read = socket.Receive(buffer.AsSpan(filled));
            if (read == 0)
            {
                throw new InvalidOperationException("The gateway closed the connection during the upgrade.");
            }

            filled += read;
        }

        var headers = Encoding.ASCII.GetString(buffer, 0, end);
        if (!headers.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The gateway refused the upgrade: {headers.Split("\r\n")[0]}");
        }

        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
        if (!headers.Split("\r\n").Any(h => h.StartsWith("Sec-WebSocket-Accept:", StringComparison.OrdinalIgnoreCase) && h[21..].Trim() == expected))
        {
            throw new InvalidOperationException("The upgrade reply's Sec-WebSocket-Accept does not match the key.");
        }

        var rest = filled - end - HeaderEnd.Length;
        Buffer.BlockCopy(buffer, end + HeaderEnd.Length, buffer, 0, rest);
        return rest;
    }
}

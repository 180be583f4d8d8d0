using System.Net.WebSockets;

namespace Tickwatch.BenchSupport;

/// <summary>A stream client's receive loop: whole messages, however many frames each takes, until the peer closes.</summary>
public static class WebSocketMessages
{
    /// <summary>Hands each message to <paramref name="onMessage"/> (valid only during the call); <paramref name="buffer"/> grows as messages need.</summary>
    public static async Task ReceiveAsync(WebSocket socket, byte[] buffer, Action<ReadOnlyMemory<byte>> onMessage, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(onMessage);
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), stop).ConfigureAwait(false);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            onMessage(buffer.AsMemory(0, length));
        }
    }
}

using System.Buffers;

namespace Tickwatch.Gateway.Streaming;

/// <summary>Something a client's send loop has to send: the prices waiting for it, or a reply to a command.</summary>
internal interface IOutboundMessage
{
    /// <summary>Appends the message to <paramref name="destination"/>; false when there is nothing (left) to send.</summary>
    bool TryWrite(ArrayBufferWriter<byte> destination, DateTimeOffset now);
}

using System.Buffers;

namespace Tickwatch.Gateway.Streaming;

/// <summary>A reply to a client's command (subscribed, error, pong), sent in order with the prices.</summary>
internal sealed class ControlMessage(byte[] json) : IOutboundMessage
{
    public bool TryWrite(ArrayBufferWriter<byte> destination, DateTimeOffset now)
    {
        destination.Write(json);
        return true;
    }
}

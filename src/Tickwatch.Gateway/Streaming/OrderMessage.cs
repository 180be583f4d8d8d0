using System.Buffers;

namespace Tickwatch.Gateway.Streaming;

/// <summary>One order change waiting for a client's send loop; every one is sent, in order with the rest.</summary>
internal sealed class OrderMessage(ClientSession session, byte[] json) : IOutboundMessage
{
    public bool TryWrite(ArrayBufferWriter<byte> destination, DateTimeOffset now)
    {
        session.TakeOrder();
        destination.Write(json);
        return true;
    }
}

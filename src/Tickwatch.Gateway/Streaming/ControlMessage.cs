namespace Tickwatch.Gateway.Streaming;

/// <summary>A reply to a client's command (subscribed, error, pong), sent in order with the prices.</summary>
internal sealed class ControlMessage(byte[] json) : IOutboundMessage
{
    public int MaxLength => json.Length;

    public int Write(Span<byte> destination, DateTimeOffset now, out bool isPrice)
    {
        isPrice = false;
        json.CopyTo(destination);
        return json.Length;
    }
}

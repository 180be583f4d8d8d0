namespace Tickwatch.Gateway.Streaming;

/// <summary>Something a client's send loop has to send: a symbol with a newer price, or a reply to a command.</summary>
internal interface IOutboundMessage
{
    /// <summary>Largest message this may write.</summary>
    int MaxLength { get; }

    /// <summary>Writes the message into <paramref name="destination"/>; returns its length, or 0 when there is nothing (left) to send.</summary>
    int Write(Span<byte> destination, DateTimeOffset now, out bool isPrice);
}

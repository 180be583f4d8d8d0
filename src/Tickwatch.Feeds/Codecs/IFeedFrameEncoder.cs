using System.Buffers;

namespace Tickwatch.Feeds.Codecs;

/// <summary>Writes <c>market_update</c> frames of one protocol; the quote hub's side of a codec.</summary>
public interface IFeedFrameEncoder
{
    FeedProtocol Protocol { get; }

    /// <summary>The WebSocket frame type this protocol uses.</summary>
    FrameKind FrameKind { get; }

    /// <summary>
    /// Writes one frame carrying <paramref name="prices"/>. <paramref name="sequence"/> and
    /// <paramref name="sourceTime"/> are Tickwatch's additions to the reference protocol
    /// (JSON: top-level <c>seq</c> and <c>ts</c>; protobuf: <c>MarketUpdate</c> fields 3 and 4),
    /// which reference clients ignore; omitted when null.
    /// </summary>
    void Encode(ReadOnlySpan<WirePrice> prices, long? sequence, DateTimeOffset? sourceTime, IBufferWriter<byte> output);
}

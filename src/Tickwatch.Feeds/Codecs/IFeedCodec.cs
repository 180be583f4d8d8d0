namespace Tickwatch.Feeds.Codecs;

/// <summary>Turns one WebSocket frame of a feed protocol into price updates. One instance per listener; not thread-safe.</summary>
public interface IFeedCodec
{
    FeedProtocol Protocol { get; }

    /// <summary>
    /// Decodes <paramref name="frame"/> into <paramref name="output"/> (which the caller has cleared).
    /// Never throws on bad input: a bad frame is a <see cref="FrameOutcome.Failed"/> result with its
    /// category, a bad entry inside a good frame is an entry error in the batch.
    /// </summary>
    FrameDecodeResult Decode(ReadOnlySpan<byte> frame, FrameKind kind, in DecodeContext context, PriceUpdateBatch output);
}

using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Feeds.Codecs;

/// <summary>Creates the codec (listener side) and the frame encoder (quote hub side) of a feed protocol.</summary>
public static class FeedCodecs
{
    /// <summary>A new codec for one listener; codecs keep per-connection buffers and are not thread-safe.</summary>
    /// <param name="protocol">The feed's wire protocol.</param>
    /// <param name="registry">Resolves and interns symbol names.</param>
    /// <param name="maxInflatedBytes">Largest size a compressed frame may inflate to (protobuf only).</param>
    /// <param name="symbols">The feed's venue-to-broker symbol map (Binance only); none passes venue symbols through.</param>
    public static IFeedCodec CreateCodec(
        FeedProtocol protocol, SymbolRegistry registry, int maxInflatedBytes = ProtobufMarketUpdateCodec.DefaultMaxInflatedBytes, BinanceSymbolMap? symbols = null) =>
        protocol switch
        {
            FeedProtocol.Json => new JsonMarketUpdateCodec(registry),
            FeedProtocol.Protobuf => new ProtobufMarketUpdateCodec(registry, maxInflatedBytes),
            FeedProtocol.BinanceJson => new BinanceJsonCodec(registry, symbols),
            FeedProtocol.BinanceSbe => new BinanceSbeCodec(registry, symbols),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown feed protocol."),
        };

    /// <summary>A new frame encoder; encoders are thread-safe. The Binance ones are <see cref="IBinanceFrameEncoder"/>s (one event per frame).</summary>
    public static IFeedFrameEncoder CreateEncoder(FeedProtocol protocol) =>
        protocol switch
        {
            FeedProtocol.Json => new JsonMarketUpdateEncoder(),
            FeedProtocol.Protobuf => new ProtobufMarketUpdateEncoder(),
            FeedProtocol.BinanceJson => new BinanceJsonEncoder(),
            FeedProtocol.BinanceSbe => new BinanceSbeEncoder(),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown feed protocol."),
        };
}

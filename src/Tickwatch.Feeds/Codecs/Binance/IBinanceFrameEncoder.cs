using System.Buffers;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>Writes Binance stream events, one per frame, as the quote hub serves them; thread-safe and allocation-free per event.</summary>
public interface IBinanceFrameEncoder : IFeedFrameEncoder
{
    /// <summary>Writes one quote event.</summary>
    /// <param name="quote">The quote.</param>
    /// <param name="stream">The stream name for a combined connection's <c>{"stream","data"}</c> envelope (JSON only); null for a raw connection.</param>
    /// <param name="output">Receives the frame.</param>
    void EncodeBookTicker(in BinanceBookTicker quote, string? stream, IBufferWriter<byte> output);

    /// <summary>Writes one trade event.</summary>
    /// <param name="trade">The trade.</param>
    /// <param name="stream">The stream name for a combined connection's envelope (JSON only); null for a raw connection.</param>
    /// <param name="output">Receives the frame.</param>
    void EncodeTrade(in BinanceTrade trade, string? stream, IBufferWriter<byte> output);
}
